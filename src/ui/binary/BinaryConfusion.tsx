import type { BinaryCounts } from '../../core';
import { heatCellProps } from '../heatScale';

/** The counts of a stored 2×2 confusion matrix (`matrix[true][predicted]`, no = 0, yes = 1). */
export function countsOf(matrix: readonly (readonly number[])[]): BinaryCounts {
  const at = (t: number, p: number) => matrix[t]?.[p] ?? 0;
  return { tn: at(0, 0), fp: at(0, 1), fn: at(1, 0), tp: at(1, 1) };
}

/** How a stored binary run's answer was read: its one output above 0.5, or the larger of two. */
export function storedRule(outputs: number, yes: string): string {
  return outputs === 1 ? `${yes} when its output is above 0.50` : 'the larger of its two outputs';
}

/**
 * The binary task's 2×2 confusion matrix at the current threshold: rows are the true answer,
 * columns the model's; a cell's shade is its share of the row, and each row ends in its recall
 * (the share of that answer the model found).
 */
export function BinaryConfusion({
  counts,
  names,
  rule,
}: {
  counts: BinaryCounts;
  /** The two answers, no then yes (e.g. "not 3", "3"). */
  names: readonly [string, string];
  /** How the model's answer was read, e.g. "3 when its output is above 0.50". */
  rule: string;
}) {
  const rows = [
    {
      id: 'no',
      truth: names[0],
      cells: [
        { id: 'no', count: counts.tn, right: true, name: 'true negatives' },
        { id: 'yes', count: counts.fp, right: false, name: 'false positives' },
      ],
    },
    {
      id: 'yes',
      truth: names[1],
      cells: [
        { id: 'no', count: counts.fn, right: false, name: 'false negatives' },
        { id: 'yes', count: counts.tp, right: true, name: 'true positives' },
      ],
    },
  ];
  return (
    <table className="confusion binary-confusion" data-testid="binary-confusion">
      <caption>
        Rows: the true answer. Columns: the model&apos;s answer, {rule}. The last column is the
        share of each row answered right.
      </caption>
      <thead>
        <tr>
          <th scope="col">
            <span className="sr-only">true \ predicted</span>
          </th>
          <th scope="col">said {names[0]}</th>
          <th scope="col">said {names[1]}</th>
          <th scope="col">right</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => {
          const total = row.cells.reduce((sum, cell) => sum + cell.count, 0);
          const right = row.cells.find((cell) => cell.right)?.count ?? 0;
          return (
            <tr key={row.id}>
              <th scope="row">{row.truth}</th>
              {row.cells.map((cell) => {
                const { style, ...heat } = heatCellProps(total > 0 ? cell.count / total : 0);
                return (
                  <td
                    key={cell.id}
                    className={cell.right ? 'diagonal' : undefined}
                    style={style}
                    {...heat}
                    data-testid={`binary-cell-${row.id}-${cell.id}`}
                    title={`${cell.name}: ${cell.count} of ${total}`}
                  >
                    {cell.count}
                  </td>
                );
              })}
              <td className="per-class tabular">
                {total > 0 ? `${((right / total) * 100).toFixed(1)}%` : '–'}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
