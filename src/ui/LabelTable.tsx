import { DEFAULT_THRESHOLD } from '../core';
type Counts = { tp: number; fp: number; fn: number; tn: number };

const percent = (value: number) => (Number.isFinite(value) ? `${(value * 100).toFixed(0)}%` : '–');
/** 0/0 reads as 0, as scikit-learn's `zero_division=0`. */
const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);

/** Multi-label runs: per digit, binary accuracy, precision and recall at a threshold (0.5). */
export function LabelTable({
  counts,
  accuracy,
  threshold = DEFAULT_THRESHOLD,
}: {
  counts: readonly Counts[];
  accuracy: readonly number[];
  threshold?: number;
}) {
  return (
    <table className="label-table" data-testid="label-table">
      <caption>
        Per digit, with an output above {String(threshold)} read as &quot;present&quot;: binary
        accuracy, precision (predicted digits that are there) and recall (digits there that were
        found).
      </caption>
      <thead>
        <tr>
          <th scope="col">digit</th>
          <th scope="col">accuracy</th>
          <th scope="col">precision</th>
          <th scope="col">recall</th>
        </tr>
      </thead>
      <tbody>
        {counts.map((c, k) => (
          <tr key={k}>
            <th scope="row">{k}</th>
            <td>{percent(accuracy[k] ?? NaN)}</td>
            <td>{percent(ratio(c.tp, c.tp + c.fp))}</td>
            <td>{percent(ratio(c.tp, c.tp + c.fn))}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
