import { useEffect, useMemo, useState } from 'react';
import type { LabExample, LabFields, LabelEncoding } from '../../core';
import {
  LABEL_ENCODINGS,
  LAB_PRESETS,
  computeLossLab,
  decodeLab,
  encodeLab,
  getLabPreset,
  labFieldsOf,
  parseLabFields,
} from '../../core';
import { FrameworkEquivalents } from '../frameworks/FrameworkEquivalents';
import type { CellKey } from './LossTable';
import { LossTable, StepDetails, formatValue, sameCell } from './LossTable';
import './lossLab.css';

const FIRST_CELL: CellKey = {
  loss: 'categorical_crossentropy',
  semantics: 'tf',
  fromLogits: false,
  activation: 'softmax',
};

interface Props {
  /** The query string to start from (default: the page's); `view=lab&…`, see src/core/labUrl.ts. */
  initialSearch?: string;
  /** Write the lab's link back with `history.replaceState` (off in tests). */
  syncUrl?: boolean;
}

/** Keeps the address bar on the lab's link, debounced, without adding history entries. */
function useLabLink(example: LabExample, presetId: string | undefined, enabled: boolean) {
  useEffect(() => {
    if (!enabled) return;
    const timer = setTimeout(() => {
      const url = new URL(window.location.href);
      url.search = encodeLab(example, presetId);
      window.history.replaceState(window.history.state, '', url);
    }, 300);
    return () => clearTimeout(timer);
  }, [example, presetId, enabled]);
}

/**
 * The loss lab: an editable logits vector and label, presets, and the table of every loss under
 * both semantics with Keras' value or error; the selected cell's steps show below.
 */
export function LossLabPanel({ initialSearch, syncUrl = true }: Props) {
  const initial = useMemo(
    () => decodeLab(initialSearch ?? (typeof window === 'undefined' ? '' : window.location.search)),
    [initialSearch],
  );
  // The fields are what the student typed; `example` is the last example they described in full,
  // which the table, y_true and the link show. Every edit re-reads all three fields together.
  const [fields, setFields] = useState<LabFields>(() => labFieldsOf(initial.example));
  const [example, setExample] = useState<LabExample>(initial.example);
  const [presetId, setPresetId] = useState<string | undefined>(initial.presetId);
  const [selected, setSelected] = useState<CellKey>(FIRST_CELL);
  useLabLink(example, presetId, syncUrl);

  const result = useMemo(() => computeLossLab(example), [example]);
  const parsed = parseLabFields(fields);

  const edit = (change: Partial<LabFields>) => {
    const next = { ...fields, ...change };
    setFields(next);
    const read = parseLabFields(next);
    if (!read.ok) return;
    setExample(read.example);
    setPresetId(undefined);
  };
  const loadPreset = (id: string) => {
    const preset = getLabPreset(id);
    if (!preset) return;
    setExample(preset.example);
    setPresetId(id);
    setFields(labFieldsOf(preset.example));
    const first = preset.expect[0];
    if (first) setSelected(first);
  };
  const preset = presetId ? getLabPreset(presetId) : undefined;
  const selectedRow = result.rows.find((r) => sameCell(r, selected));

  return (
    <section className="panel loss-lab" aria-labelledby="loss-lab-heading" data-testid="loss-lab">
      <h2 id="loss-lab-heading">Loss lab</h2>
      <p className="muted">
        One example, every Keras loss: see where the activation, from_logits and the backend change
        the number, where Keras refuses, and what the gradient ∂L/∂z does to learning (the strip
        under each value: one bar per logit, up where training lowers it, down where it raises it,
        on a log scale; none where it is exactly 0).
      </p>
      {initial.ignored.length > 0 && (
        <ul className="notices" aria-label="Ignored link parts">
          {initial.ignored.map((i) => (
            <li key={`${i.key}-${i.value}`}>
              Ignored {i.key}={i.value}: {i.reason}
            </li>
          ))}
        </ul>
      )}
      <div className="lab-presets" role="group" aria-label="Lab presets">
        {LAB_PRESETS.map((p) => (
          <button
            key={p.id}
            type="button"
            aria-pressed={p.id === presetId}
            data-testid={`lab-preset-${p.id}`}
            onClick={() => loadPreset(p.id)}
          >
            {p.title}
          </button>
        ))}
      </div>
      {preset && (
        <p className="lab-lesson">
          {preset.lesson} <span className="muted">Source: {preset.source}.</span>
        </p>
      )}
      <div className="lab-inputs">
        <label>
          Logits z (1 to 20 numbers; one is a binary model&apos;s single unit)
          <input
            value={fields.logits}
            onChange={(e) => edit({ logits: e.target.value })}
            aria-invalid={!parsed.ok && parsed.logitsError !== undefined}
            aria-describedby={!parsed.ok && parsed.logitsError ? 'lab-logits-error' : undefined}
            spellCheck={false}
            data-testid="lab-logits"
          />
        </label>
        <label>
          Label encoding
          <select
            value={fields.encoding}
            onChange={(e) => edit({ encoding: e.target.value as LabelEncoding })}
          >
            {LABEL_ENCODINGS.map((enc) => (
              <option key={enc} value={enc}>
                {enc}
              </option>
            ))}
          </select>
        </label>
        <label>
          {fields.encoding === 'multihot' ? 'Classes (comma-separated, may be empty)' : 'Class'}
          {example.logits.length === 1 && ' (0 no, 1 yes)'}
          <input
            value={fields.label}
            onChange={(e) => edit({ label: e.target.value })}
            aria-invalid={!parsed.ok && parsed.labelError !== undefined}
            aria-describedby={!parsed.ok && parsed.labelError ? 'lab-label-error' : undefined}
            spellCheck={false}
            data-testid="lab-label"
          />
        </label>
      </div>
      {!parsed.ok && (
        <div className="lab-pending" data-testid="lab-pending">
          {parsed.logitsError && (
            <p id="lab-logits-error" className="error">
              Logits: {parsed.logitsError}
            </p>
          )}
          {parsed.labelError && (
            <p id="lab-label-error" className="error">
              Label: {parsed.labelError}
            </p>
          )}
          <p className="muted">
            Until the fields describe an example, the table below is for the last one they did: z =
            [{example.logits.join(', ')}], {example.label.encoding}{' '}
            {example.label.encoding === 'multihot' ? 'classes' : 'class'}{' '}
            {example.label.classes.join(', ') || 'none'}.
          </p>
        </div>
      )}
      <p className="muted lab-activated" data-testid="lab-activated">
        y_true = [{result.yTrue.join(', ')}] · softmax(z) = [
        {result.activated.softmax.map(formatValue).join(', ')}] · sigmoid(z) = [
        {result.activated.sigmoid.map(formatValue).join(', ')}]
      </p>
      <LossTable result={result} selected={selected} onSelect={setSelected} />
      <StepDetails row={selectedRow} labelled={new Set(example.label.classes)} />
      <FrameworkEquivalents config={selected} example={example} level={3} />
    </section>
  );
}
