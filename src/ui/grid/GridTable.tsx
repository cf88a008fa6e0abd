import { useState } from 'react';
import { LEVEL_WORD } from '../verdictText';
import {
  BINARY_SORT_KEYS,
  DIMENSION_KEYS,
  binaryValue,
  compilesBinaryMetrics,
  differingDimensions,
  listedDimensions,
  sortRows,
  type GridSpec,
  type SortDirection,
  type SortKey,
  type TableRow,
} from '../../core';

const num = (x: number, digits = 4) => (Number.isFinite(x) ? x.toFixed(digits) : '');

const COLUMNS: readonly { key: SortKey; label: string }[] = [
  { key: 'verdict', label: 'verdict' },
  { key: 'finalLoss', label: 'final loss' },
  { key: 'trainMetric', label: 'train' },
  { key: 'valMetric', label: 'val' },
  { key: 'epochs', label: 'epochs' },
  { key: 'seconds', label: 'time (s)' },
];

/** The sortable list of cells; "show only what differs" hides dimensions that are constant. */
export function GridTable({
  rows,
  spec,
  selected,
  onSelect,
}: {
  rows: readonly TableRow[];
  spec: GridSpec;
  selected: string | null;
  onSelect: (cellId: string) => void;
}) {
  const [sort, setSort] = useState<{ key: SortKey; dir: SortDirection }>({
    key: 'index',
    dir: 'asc',
  });
  const [onlyDiffers, setOnlyDiffers] = useState(true);
  const listed = listedDimensions(spec);
  const dims = onlyDiffers ? differingDimensions(rows, listed) : listed;
  const sorted = sortRows(rows, sort.key, sort.dir);
  const metricKey = rows[0]?.verdict.historyKey ?? 'metric';
  // A binary grid also lists each run's final validation Precision, Recall and AUC.
  const binary = rows.some((r) => compilesBinaryMetrics(r.config));
  const binaryKeys = binary ? BINARY_SORT_KEYS : [];
  const header = (key: SortKey, label: string) => (
    <th
      key={key}
      scope="col"
      aria-sort={sort.key === key ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}
    >
      <button
        type="button"
        className="link-button"
        onClick={() =>
          setSort({ key, dir: sort.key === key && sort.dir === 'asc' ? 'desc' : 'asc' })
        }
      >
        {label}
      </button>
    </th>
  );
  return (
    <div className="grid-table-wrap">
      <label className="inline small">
        <input
          type="checkbox"
          checked={onlyDiffers}
          onChange={(e) => setOnlyDiffers(e.target.checked)}
        />{' '}
        show only what differs
      </label>{' '}
      <button
        type="button"
        className="link-button small"
        onClick={() => setSort({ key: 'index', dir: 'asc' })}
      >
        run order
      </button>
      <table className="grid-table" data-testid="grid-table">
        <caption className="sr-only">Grid cells; metric columns are {metricKey}</caption>
        <thead>
          <tr>
            {dims.map((d) => header(d, DIMENSION_KEYS[d]))}
            {COLUMNS.map((c) =>
              header(
                c.key,
                c.key === 'trainMetric' || c.key === 'valMetric'
                  ? `${c.label} ${metricKey}`
                  : c.label,
              ),
            )}
            {binaryKeys.map((k) => header(k, k))}
          </tr>
        </thead>
        <tbody>
          {sorted.map((row) => (
            <tr
              key={row.cellId}
              data-testid="grid-row"
              data-cell={row.cellId}
              data-status={row.status}
              aria-selected={selected === row.cellId}
              className={`level-${row.verdict.level}`}
              onClick={() => onSelect(row.cellId)}
            >
              {dims.map((d) => (
                <td key={d}>{String(row.values[d])}</td>
              ))}
              <td>
                <button type="button" className="link-button" onClick={() => onSelect(row.cellId)}>
                  {LEVEL_WORD[row.verdict.level]}
                </button>
              </td>
              {row.status === 'skipped' ? (
                <td
                  colSpan={5 + binaryKeys.length}
                  className="keras-error"
                  data-testid="keras-error"
                >
                  {row.verdict.kerasError ?? row.verdict.title}
                </td>
              ) : (
                <>
                  <td className="tabular">{num(row.loss)}</td>
                  <td className="tabular">{num(row.trainMetric)}</td>
                  <td className="tabular" data-testid="val-metric">
                    {num(row.valMetric)}
                    {row.spread &&
                      (row.spread.runs > 1
                        ? ` (${num(row.spread.min, 3)}–${num(row.spread.max, 3)}, ${row.spread.runs} runs)`
                        : ' (1 run)')}
                  </td>
                  <td className="tabular">
                    {row.status === 'done' || row.status === 'diverged' ? row.epochs : row.status}
                  </td>
                  <td className="tabular">{num(row.seconds, 1)}</td>
                  {binaryKeys.map((k) => (
                    <td key={k} className="tabular" data-testid={k}>
                      {num(binaryValue(row, k))}
                    </td>
                  ))}
                </>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
