import { useShallow } from 'zustand/react/shallow';
import {
  DIMENSION_KEYS,
  DIMENSION_OPTIONS,
  GRID_PRESETS,
  LIMITS,
  MODELS,
  parseNumberField,
  type GridAxes,
  type GridDimension,
} from '../../core';
import { selectGrid, selectGridActions, selectGridBusy } from '../../store';
import { useAppStore } from '../storeContext';

type ListDimension = Exclude<GridDimension, 'learningRate'>;
const LIST_DIMENSIONS = Object.keys(DIMENSION_OPTIONS) as ListDimension[];
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
            {DIMENSION_OPTIONS[dim].map((value) => (
              <label key={String(value)} className="chip">
                <input
                  type="checkbox"
                  checked={((axes[dim] ?? []) as readonly unknown[]).includes(value)}
                  onChange={() => toggle(dim, value)}
                />
                {String(value)}
              </label>
            ))}
            {!axes[dim] && <span className="muted small">base: {String(base[dim])}</span>}
          </div>
        ))}
        <label className="dimension">
          <span className="dimension-name">lr</span>
          <input
            key={(axes.learningRate ?? []).join(',')}
            defaultValue={(axes.learningRate ?? []).join(', ')}
            placeholder={`base: ${base.learningRate}`}
            aria-label="learning rates, comma-separated"
            onBlur={(e) => {
              const values = e.target.value
                .split(',')
                .map((raw) => parseNumberField('learningRate', raw))
                .flatMap((r) => (r.ok ? [r.value] : []));
              actions.setAxis('learningRate', [...new Set(values)]);
            }}
          />
        </label>
      </fieldset>
      <fieldset disabled={busy} className="grid-base">
        <legend>Shared by every cell</legend>
        <label className="inline">
          model{' '}
          <select
            value={base.model}
            onChange={(e) =>
              actions.setGridBase({ model: e.target.value as (typeof MODELS)[number] })
            }
          >
            {MODELS.map((m) => (
              <option key={m}>{m}</option>
            ))}
          </select>
        </label>
        {BASE_NUMBERS.map(([field, label]) => (
          <label key={field} className="inline">
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
                if (parsed.ok) actions.setGridBase({ [field]: parsed.value });
              }}
            />
          </label>
        ))}
      </fieldset>
      {grid.planError && (
        <p role="alert" className="error">
          {grid.planError}
        </p>
      )}
    </section>
  );
}
