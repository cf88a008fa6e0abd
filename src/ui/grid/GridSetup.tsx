import { useState, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import {
  DIMENSION_KEYS,
  DIMENSION_OPTIONS,
  GRID_DIMENSIONS,
  GRID_PRESETS,
  LIMITS,
  LIST_DIMENSIONS,
  parseChoiceField,
  parseNumberField,
  splitProblem,
  type GridAxes,
  type ListDimension,
  type NumericField,
} from '../../core';
import { selectGrid, selectGridActions, selectGridBusy } from '../../store';
import { optionsFor } from '../controls';
import { useAppStore } from '../storeContext';

/** A Keras name that may wrap after its underscores (sparse_categorical_<wbr>crossentropy). */
function breakAtUnderscores(name: string): ReactNode[] {
  const parts = name.split('_');
  return parts.flatMap((part, i) =>
    i === parts.length - 1 ? [part] : [`${part}_`, <wbr key={i} />],
  );
}

/** Dimensions swept over typed numbers (the learning rate), from the field table. */
const NUMBER_DIMENSIONS = GRID_DIMENSIONS.filter(
  (d): d is Extract<typeof d, NumericField> => !(LIST_DIMENSIONS as readonly string[]).includes(d),
);
const BASE_NUMBERS = [
  ['epochs', 'epochs'],
  ['trainSize', 'train digits'],
  ['testSize', 'test digits'],
  ['batchSize', 'batch size'],
  ['seed', 'seed'],
] as const;

/** Choose a built-in grid, the values of each dimension, and the shared base settings. */
export function GridSetup() {
  const grid = useAppStore(selectGrid);
  const busy = useAppStore(selectGridBusy);
  const actions = useAppStore(useShallow(selectGridActions));
  const { axes, base } = grid.spec;
  const [baseError, setBaseError] = useState<string | null>(null);
  const toggle = (dim: ListDimension, value: unknown) => {
    const current = (axes[dim] ?? []) as readonly unknown[];
    const next = current.includes(value)
      ? current.filter((x) => x !== value)
      : DIMENSION_OPTIONS[dim].filter((x) => x === value || current.includes(x));
    actions.setAxis(dim, next as GridAxes[typeof dim]);
  };
  return (
    <section className="panel" aria-labelledby="grid-setup-heading">
      <h2 id="grid-setup-heading">Grid</h2>
      <div className="preset-row" role="group" aria-label="Built-in grids">
        {GRID_PRESETS.map((preset) => (
          <button
            key={preset.id}
            type="button"
            disabled={busy}
            aria-pressed={grid.presetId === preset.id}
            title={preset.lesson}
            data-testid={`grid-preset-${preset.id}`}
            onClick={() => actions.applyGridPreset(preset.id)}
          >
            {preset.title}
          </button>
        ))}
      </div>
      <fieldset disabled={busy} className="grid-dimensions">
        <legend>Dimensions (tick two or more values to sweep one)</legend>
        {LIST_DIMENSIONS.map((dim) => (
          <div key={dim} className="dimension" role="group" aria-label={DIMENSION_KEYS[dim]}>
            <span className="dimension-name">{DIMENSION_KEYS[dim]}</span>
            <span className="dimension-values">
              {DIMENSION_OPTIONS[dim].map((value) => (
                <label key={String(value)} className="chip">
                  <input
                    type="checkbox"
                    checked={((axes[dim] ?? []) as readonly unknown[]).includes(value)}
                    onChange={() => toggle(dim, value)}
                  />
                  <span className="chip-text">{breakAtUnderscores(String(value))}</span>
                </label>
              ))}
              {!axes[dim] && <span className="muted small">base: {String(base[dim])}</span>}
            </span>
          </div>
        ))}
        {NUMBER_DIMENSIONS.map((dim) => (
          <label key={dim} className="dimension">
            <span className="dimension-name">{DIMENSION_KEYS[dim]}</span>
            <input
              key={(axes[dim] ?? []).join(',')}
              defaultValue={(axes[dim] ?? []).join(', ')}
              placeholder={`base: ${base[dim]}`}
              aria-label={`${DIMENSION_KEYS[dim]} values, comma-separated`}
              onBlur={(e) => {
                const values = e.target.value
                  .split(',')
                  .map((raw) => parseNumberField(dim, raw))
                  .flatMap((r) => (r.ok ? [r.value] : []));
                actions.setAxis(dim, [...new Set(values)]);
              }}
            />
          </label>
        ))}
      </fieldset>
      <fieldset disabled={busy} className="grid-base">
        <legend>Shared by every cell</legend>
        <label className="base-field">
          model{' '}
          <select
            value={base.model}
            onChange={(e) => {
              const parsed = parseChoiceField('model', e.target.value);
              if (parsed.ok) actions.setGridBase({ model: parsed.value });
            }}
          >
            {optionsFor('model').map((m) => (
              <option key={m.value} value={m.value}>
                {m.label}
              </option>
            ))}
          </select>
        </label>
        {BASE_NUMBERS.map(([field, label]) => (
          <label key={field} className="base-field">
            {label}{' '}
            <input
              key={base[field]}
              className="number"
              inputMode="numeric"
              defaultValue={base[field]}
              aria-label={label}
              title={`${LIMITS[field].min}–${LIMITS[field].max}`}
              onBlur={(e) => {
                const parsed = parseNumberField(field, e.target.value);
                const problem = parsed.ok
                  ? splitProblem({ ...base, [field]: parsed.value })
                  : parsed.reason;
                setBaseError(problem && `${label}: ${problem}; keeping ${base[field]}`);
                if (parsed.ok && !problem) actions.setGridBase({ [field]: parsed.value });
              }}
            />
          </label>
        ))}
      </fieldset>
      {baseError && (
        <p role="alert" className="error" data-testid="grid-base-error">
          {baseError}
        </p>
      )}
      {grid.planError && (
        <p role="alert" className="error">
          {grid.planError}
        </p>
      )}
    </section>
  );
}
