import { useId, useState } from 'react';
import {
  BINARY_SORT_KEYS,
  DIMENSION_KEYS,
  binaryValue,
  compilesBinaryMetrics,
  heatMapDims,
  heatMaps,
  lowerIsBetter,
  type BinarySortKey,
  type TableRow,
} from '../../core';
import { heatCellProps } from '../heatScale';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** What the maps shade: the validation metric, or a binary run's final val_precision, val_recall or val_auc. */
type Shown = 'valMetric' | BinarySortKey;

const shownValue = (row: TableRow, shown: Shown): number =>
  shown === 'valMetric' ? row.valMetric : binaryValue(row, shown);

function cellText(row: TableRow | undefined, shown: Shown): string {
  if (!row) return '';
  if (row.status === 'skipped') return 'Keras error';
  if (row.status === 'pending') return '…';
  if (row.status === 'running') return 'running';
  const value = shownValue(row, shown);
  return Number.isFinite(value) ? pct(value) : row.status;
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

/**
 * Validation accuracy as heat maps: output activation × loss, one map per label encoding. A
 * binary grid can shade its final val_precision, val_recall or val_auc instead.
 */
export function HeatMaps({
  rows,
  selected,
  onSelect,
}: {
  rows: readonly TableRow[];
  selected: string | null;
  onSelect: (cellId: string) => void;
}) {
  const [choice, setChoice] = useState<Shown>('valMetric');
  const choiceId = useId();
  const binary = rows.some((r) => compilesBinaryMetrics(r.config));
  const shown: Shown = binary ? choice : 'valMetric';
  const metricKey = rows[0]?.verdict.historyKey ?? 'metric';
  const maps = heatMaps(rows, ...heatMapDims(rows));
  if (rows.length === 0) return null;
  return (
    <div className="heat-maps" data-testid="heat-maps">
      {binary && (
        <label className="inline small heat-choice" htmlFor={choiceId}>
          Heat maps show{' '}
          <select
            id={choiceId}
            value={shown}
            data-testid="heat-choice"
            onChange={(e) => setChoice(e.target.value as Shown)}
          >
            <option value="valMetric">val_{metricKey}</option>
            {BINARY_SORT_KEYS.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </label>
      )}
      {maps.map((map) => (
        <table key={map.title} className="heat-map">
          <caption>
            {map.title || 'all cells'}: {shown === 'valMetric' ? 'validation metric' : shown},{' '}
            {DIMENSION_KEYS[map.rowDim]} × {DIMENSION_KEYS[map.colDim]}
          </caption>
          <thead>
            <tr>
              <th scope="col">
                <span className="sr-only">
                  {DIMENSION_KEYS[map.rowDim]} \ {DIMENSION_KEYS[map.colDim]}
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
                  const raw = row ? shownValue(row, shown) : NaN;
                  const ran = row?.status === 'done' && Number.isFinite(raw);
                  // Darker is better: a lower-is-better metric (hamming_loss) is shaded inverted.
                  const value = !ran
                    ? 0
                    : shown === 'valMetric' && lowerIsBetter(row.config.metric)
                      ? 1 - raw
                      : raw;
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
                          {cellText(row, shown)}
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
