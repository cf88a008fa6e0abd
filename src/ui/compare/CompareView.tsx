import { useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { EpochRecord } from '../../core';
import { BINARY_EPOCH_KEYS, coincidingCurves, differingFields, legendLabel } from '../../core';
import { selectCompareRuns, selectHistoryActions } from '../../store';
import { fieldName } from '../staleRun';
import { useAppStore } from '../storeContext';
import { LinesChart } from './LinesChart';

interface Series {
  key: string;
  label: string;
  unit: boolean;
  pick: (h: EpochRecord) => number;
}

const VAL_METRIC: Series = {
  key: 'valMetric',
  label: 'validation metric',
  unit: true,
  pick: (h) => h.valMetric,
};

const SERIES: readonly Series[] = [
  VAL_METRIC,
  { key: 'metric', label: 'training metric', unit: true, pick: (h) => h.metric },
  { key: 'valLoss', label: 'validation loss', unit: false, pick: (h) => h.valLoss },
  { key: 'loss', label: 'training loss', unit: false, pick: (h) => h.loss },
];

/** A binary run's Precision, Recall and AUC, validation then training (NaN where a run has none). */
const BINARY_SERIES: readonly Series[] = [
  ...BINARY_EPOCH_KEYS.map((k): Series => ({
    key: `val_${k}`,
    label: `val_${k}`,
    unit: true,
    pick: (h) => h.binary?.val[k] ?? NaN,
  })),
  ...BINARY_EPOCH_KEYS.map((k): Series => ({
    key: k,
    label: k,
    unit: true,
    pick: (h) => h.binary?.train[k] ?? NaN,
  })),
];

function listNames(names: readonly string[]): string {
  return names.length > 1
    ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`
    : (names[0] ?? '');
}

/** Overlays the chosen runs' curves; the legend names only what differs between them. */
export function CompareView() {
  // Newest first, as the run list shows them, so the legends read in the list's order.
  const chosen = useAppStore(selectCompareRuns);
  const runs = useMemo(() => [...chosen].sort((a, b) => b.createdAt - a.createdAt), [chosen]);
  const { clearCompare } = useAppStore(useShallow(selectHistoryActions));
  const [seriesKey, setSeriesKey] = useState('valMetric');
  const choices = runs.some((r) => r.history.some((h) => h.binary))
    ? [...SERIES, ...BINARY_SERIES]
    : SERIES;
  const series = choices.find((s) => s.key === seriesKey) ?? VAL_METRIC;
  const fields = differingFields(runs.map((r) => r.config));
  const curves = runs.map((run) => ({
    name: fields.length > 0 ? legendLabel(run.config, fields) : run.name,
    points: run.history.map((h) => ({ x: h.epoch, y: series.pick(h) })),
  }));
  const coinciding = coincidingCurves(curves);
  return (
    <section className="panel" aria-labelledby="compare-heading" data-testid="compare">
      <div className="panel-title">
        <h2 id="compare-heading">Compare runs</h2>
        {runs.length > 0 && (
          <button type="button" className="link-button" onClick={clearCompare}>
            Clear
          </button>
        )}
      </div>
      {runs.length < 2 ? (
        <p className="muted">
          Tick two or more runs (single runs or grid cells) to overlay their curves.
          {runs.length === 1 && ' One is chosen.'}
        </p>
      ) : (
        <>
          <p className="small" data-testid="compare-differs">
            {fields.length > 0
              ? `What differs: ${fields.map(fieldName).join(', ')}.`
              : 'These runs have the same configuration.'}
          </p>
          <label className="inline">
            Curve{' '}
            <select value={series.key} onChange={(e) => setSeriesKey(e.target.value)}>
              {choices.map((s) => (
                <option key={s.key} value={s.key}>
                  {s.label}
                </option>
              ))}
            </select>
          </label>
          <LinesChart
            title={`${series.label}, per epoch`}
            yLabel={series.label}
            unitInterval={series.unit}
            testId="compare-chart"
            series={curves}
          />
          {coinciding.map((group) => (
            <p
              key={group.join('|')}
              className="small compare-coincide"
              data-testid="compare-coincide"
            >
              <strong>{listNames(group)}</strong> coincide: their {series.label} curves are the same
              at every epoch (to the 4 decimals Keras prints), so one line hides the other
              {group.length > 2 ? 's' : ''}.
            </p>
          ))}
          <ul className="compare-legend" data-testid="compare-legend">
            {runs.map((run) => (
              <li key={run.id}>
                <strong>{legendLabel(run.config, fields)}</strong>{' '}
                <span className="muted small">({run.name})</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
