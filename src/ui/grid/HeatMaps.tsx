import { heatMaps, lowerIsBetter, type TableRow } from '../../core';
import { heatCellProps } from '../heatScale';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

function cellText(row: TableRow | undefined): string {
  if (!row) return '';
  if (row.status === 'skipped') return 'Keras error';
  if (row.status === 'pending') return '…';
  if (row.status === 'running') return 'running';
  return Number.isFinite(row.valMetric) ? pct(row.valMetric) : row.status;
}

/** A class grid cell's range over the students' runs, under its mean. */
function SpreadNote({ spread }: { spread: NonNullable<TableRow['spread']> }) {
  const range =
    spread.runs > 1 && Number.isFinite(spread.min)
      ? `${pct(spread.min)}–${pct(spread.max)} · `
      : '';
  return (
    <span className="heat-spread" data-testid="heat-spread" data-runs={spread.runs}>
      {range}
      {spread.runs} run{spread.runs === 1 ? '' : 's'}
    </span>
  );
}

/** Validation accuracy as heat maps: output activation × loss, one map per label encoding. */
export function HeatMaps({
  rows,
  selected,
  onSelect,
}: {
  rows: readonly TableRow[];
  selected: string | null;
  onSelect: (cellId: string) => void;
}) {
  const maps = heatMaps(rows);
  if (rows.length === 0) return null;
  return (
    <div className="heat-maps" data-testid="heat-maps">
      {maps.map((map) => (
        <table key={map.title} className="heat-map">
          <caption>
            {map.title || 'all cells'}: validation metric, {map.rowDim} × {map.colDim}
          </caption>
          <thead>
            <tr>
              <th scope="col">
                <span className="sr-only">
                  {map.rowDim} \ {map.colDim}
                </span>
              </th>
              {map.colValues.map((c) => (
                <th key={c} scope="col">
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {map.cells.map((line, r) => (
              <tr key={map.rowValues[r]}>
                <th scope="row">{map.rowValues[r]}</th>
                {line.map((row, c) => {
                  const ran = row?.status === 'done' && Number.isFinite(row.valMetric);
                  // Darker is better: a lower-is-better metric (hamming_loss) is shaded inverted.
                  const value = !ran
                    ? 0
                    : lowerIsBetter(row.config.metric)
                      ? 1 - row.valMetric
                      : row.valMetric;
                  const { style, ...heat } = heatCellProps(value);
                  return (
                    <td
                      key={map.colValues[c]}
                      className={`heat status-${row?.status ?? 'none'}`}
                      style={style}
                      {...heat}
                    >
                      {row && (
                        <button
                          type="button"
                          className="heat-button"
                          aria-pressed={selected === row.cellId}
                          title={row.verdict.kerasError ?? row.verdict.title}
                          onClick={() => onSelect(row.cellId)}
                        >
                          {cellText(row)}
                          {row.spread && <SpreadNote spread={row.spread} />}
                        </button>
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      ))}
    </div>
  );
}
