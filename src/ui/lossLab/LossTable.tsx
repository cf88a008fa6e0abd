import type { LabResult, LabRow, LabStep, LossName, LossPath } from '../../core';
import { ACTIVATIONS, KEYWORD_PYTHON, LOSSES, LOSS_CATALOGUE, SEMANTICS } from '../../core';
import { GradientBars, GradientSpark } from './GradientBars';

/** A loss value at a readable precision: 5 significant digits, exponent form when tiny or huge. */
export function formatValue(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1e-3 && a < 1e5 ? String(Number(v.toPrecision(5))) : v.toExponential(3);
}

function formatStep(value: LabStep['value']): string {
  return typeof value === 'number' ? formatValue(value) : `[${value.map(formatValue).join(', ')}]`;
}

export type CellKey = Pick<LabRow, 'loss' | 'semantics' | 'fromLogits' | 'activation'>;

const PATH_NOTE: Record<LossPath, string> = {
  'cached-logits': ' (exact: the logits cached under the activation)',
  logits: ' (exact logits path)',
  probabilities: ' (clipped probability path)',
  'not-a-cross-entropy': '',
};

/** The keywords the loss runs with, as Python would write them (from_logits is in the title). */
function keywordText(loss: LossName): string {
  const { keywords } = LOSS_CATALOGUE[loss];
  return Object.entries(keywords)
    .filter(([k]) => k !== 'fromLogits' && k !== 'labelSmoothing')
    .map(([k, v]) => {
      const value = typeof v === 'boolean' ? (v ? 'True' : 'False') : String(v);
      return `${KEYWORD_PYTHON[k as keyof typeof KEYWORD_PYTHON]}=${value}`;
    })
    .join(', ');
}

/**
 * What a cell is, for a screen reader: `categorical_crossentropy, from_logits=False, softmax, tf`.
 * A cell's accessible name is its visible value, then this (WCAG 2.5.3: the name starts with
 * what is seen).
 */
export function cellName(key: CellKey): string {
  return `${key.loss}, from_logits=${key.fromLogits ? 'True' : 'False'}, ${key.activation}, ${key.semantics}`;
}

export function sameCell(a: CellKey, b: CellKey): boolean {
  return (
    a.loss === b.loss &&
    a.semantics === b.semantics &&
    a.fromLogits === b.fromLogits &&
    a.activation === b.activation
  );
}

interface TableProps {
  result: LabResult;
  selected: CellKey;
  onSelect: (key: CellKey) => void;
}

/**
 * Every loss (rows, with and without from_logits) under every activation and both semantics
 * (columns); a cell shows the value Keras prints or the error class, and selecting it shows its
 * steps below.
 */
export function LossTable({ result, selected, onSelect }: TableProps) {
  const byKey = (key: CellKey) => result.rows.find((r) => sameCell(r, key));
  // One log scale for every cell's gradient strip, so their sizes compare.
  const maxGradient = Math.max(0, ...result.rows.flatMap((r) => (r.gradient ?? []).map(Math.abs)));
  return (
    <div className="lab-table-wrap">
      <table className="lab-table" data-testid="lab-table">
        <thead>
          <tr>
            <th rowSpan={2}>loss</th>
            <th rowSpan={2}>from_logits</th>
            {SEMANTICS.map((s) => (
              <th key={s} colSpan={ACTIVATIONS.length} scope="colgroup">
                {s === 'tf' ? 'TensorFlow (tf)' : 'JAX / PyTorch (plain)'}
              </th>
            ))}
          </tr>
          <tr>
            {SEMANTICS.map((s) =>
              ACTIVATIONS.map((a) => (
                <th key={`${s}-${a}`} scope="col">
                  {a}
                </th>
              )),
            )}
          </tr>
        </thead>
        <tbody>
          {LOSSES.map((loss) =>
            [false, true].map((fromLogits) => (
              <tr key={`${loss}-${String(fromLogits)}`}>
                {!fromLogits && (
                  <th rowSpan={2} scope="rowgroup" title={LOSS_CATALOGUE[loss].summary}>
                    {loss}
                    {LOSS_CATALOGUE[loss].keras.kind === 'custom' && (
                      <span className="muted"> (custom)</span>
                    )}
                  </th>
                )}
                <td>{fromLogits ? 'True' : 'False'}</td>
                {SEMANTICS.map((semantics) =>
                  ACTIVATIONS.map((activation) => {
                    const key = { loss, semantics, fromLogits, activation };
                    const row = byKey(key);
                    const isSelected = sameCell(key, selected);
                    const shown = row?.error ? row.error.type : formatValue(row?.value ?? NaN);
                    const warns = (row?.warnings.length ?? 0) > 0;
                    return (
                      <td
                        key={`${semantics}-${activation}`}
                        className={row?.error ? 'lab-error' : ''}
                      >
                        <button
                          type="button"
                          className={`lab-cell${isSelected ? ' selected' : ''}`}
                          aria-pressed={isSelected}
                          aria-label={`${shown}${warns ? ' ⚠ (Keras warns)' : ''}: ${cellName(key)}`}
                          onClick={() => onSelect(key)}
                        >
                          {shown}
                          {warns ? ' ⚠' : ''}
                          {row?.gradient && (
                            <GradientSpark gradient={row.gradient} max={maxGradient} />
                          )}
                        </button>
                      </td>
                    );
                  }),
                )}
              </tr>
            )),
          )}
        </tbody>
      </table>
    </div>
  );
}

/** The selected cell: its path, value or error, warnings, its gradient, and the labelled steps. */
export function StepDetails({
  row,
  labelled,
}: {
  row: LabRow | undefined;
  labelled: ReadonlySet<number>;
}) {
  if (!row) return null;
  const title = `${row.loss}(from_logits=${row.fromLogits ? 'True' : 'False'}) after ${row.activation}, ${row.semantics === 'tf' ? 'Keras on TensorFlow' : 'Keras on JAX/PyTorch'}`;
  const entry = LOSS_CATALOGUE[row.loss];
  const keywords = keywordText(row.loss);
  return (
    <section className="lab-details" aria-live="polite" data-testid="lab-details">
      <h3>{title}</h3>
      <p className="muted" data-testid="lab-loss-summary">
        {entry.keras.kind === 'custom'
          ? 'Not a Keras loss: '
          : `keras.losses.${entry.keras.className}: `}
        {entry.summary}.{keywords && ` Keywords: ${keywords}.`}
      </p>
      {row.error ? (
        <p className="error">
          <strong>{row.error.type}:</strong> {row.error.message}
        </p>
      ) : (
        <>
          <p>
            Loss: <strong data-testid="lab-value">{formatValue(row.value ?? NaN)}</strong>
            {row.path && PATH_NOTE[row.path]}
          </p>
          <GradientBars row={row} labelled={labelled} />
          <ol className="lab-steps">
            {row.steps.map((step, i) => (
              <li key={i}>
                <span className="muted">{step.label}</span>
                <code>{formatStep(step.value)}</code>
              </li>
            ))}
          </ol>
        </>
      )}
      {row.warnings.map((w) => (
        <p key={w} className="warning-text">
          Keras warns: {w}
        </p>
      ))}
    </section>
  );
}
