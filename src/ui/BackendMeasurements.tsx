import { useShallow } from 'zustand/react/shallow';
import { describeMeasurements, type MeasurementRecord } from '../core';
import { selectBackendMeasurement, selectCanMeasure, selectMeasureBackends } from '../store';
import { useAppStore } from './storeContext';

function when(record: MeasurementRecord): string {
  return new Date(record.measuredAt).toLocaleString(undefined, {
    dateStyle: 'medium',
    timeStyle: 'short',
  });
}

function what(record: MeasurementRecord): string {
  const { model, units, batchSize } = record.spec;
  return model === 'mlp'
    ? `the MLP (${units} units, batch ${batchSize})`
    : `the CNN (batch ${batchSize})`;
}

/**
 * What LossLab measured about the backends on this device, and when, with "measure again". Runs
 * never wait for a measurement: it happens while the page is idle.
 */
export function BackendMeasurements() {
  const m = useAppStore(useShallow(selectBackendMeasurement));
  const canMeasure = useAppStore(selectCanMeasure);
  const measure = useAppStore(selectMeasureBackends);
  if (!m.ready) return null;
  const { record } = m;
  let text: string;
  if (m.running) {
    const so = m.running.length > 0 ? `: ${describeMeasurements(m.running)} so far` : '';
    text = `Measuring the backends in the background (a run does not wait for it)${so}.`;
  } else if (record?.complete) {
    text = `Measured on this device on ${when(record)}, for ${what(record)}: ${describeMeasurements(record.results)}.`;
  } else if (record) {
    text = `Partly measured on this device on ${when(record)}: ${describeMeasurements(record.results)}; the rest when the page is idle.`;
  } else if (m.failed) {
    text = `Measuring the backends failed (${m.failed}).`;
  } else if (m.auto) {
    text =
      'Not measured on this device yet: runs start on the best guess, and the backends are measured while the page is idle.';
  } else {
    text = 'Backends are measured for "auto" only.';
  }
  const notStored =
    m.storage === 'unavailable'
      ? ' Not stored: this browser does not let the page keep data (private browsing?), so it is measured again on the next visit.'
      : '';
  return (
    <p className="muted small backend-measurements" data-testid="backend-measurements">
      <span data-testid="measurement-text">
        {text}
        {notStored}
      </span>{' '}
      {(record || m.failed || m.auto) && !m.running && (
        <button
          type="button"
          className="link-button"
          disabled={!canMeasure}
          onClick={() => void measure({ force: true })}
        >
          {record ? 'Measure again' : 'Measure now'}
        </button>
      )}
    </p>
  );
}
