import type { ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { nounOf, pickMeasured, type BackendName, type BackendReport } from '../core';
import {
  selectBackendMeasurement,
  selectConfig,
  selectMeasurementKey,
  selectSystem,
  selectRunBackend,
} from '../store';
import { BackendMeasurements } from './BackendMeasurements';
import { BackendStatus, PLAIN_BACKEND } from './BackendStatus';
import { useAppStore } from './storeContext';

/**
 * Before an `auto` run: the backend it will start on. The worker chose one for the configuration
 * it started with (src/worker/backendChoice.ts); that is the answer while the model is the same
 * and no newer measurement points elsewhere. Otherwise the page names the fastest of a complete
 * measurement, or says the run starts on the guess (which it cannot name: the CNN's guess depends
 * on the WebGL renderer the worker sees).
 */
function autoStart(
  startup: BackendReport,
  key: string | null,
  record: ReturnType<typeof selectBackendMeasurement>['record'],
): BackendReport | BackendName | null {
  if (startup.basis && startup.basis.key === key) {
    const measured = pickMeasured(record ?? undefined, startup.backend);
    return measured && measured !== startup.backend ? measured : startup;
  }
  return record?.complete ? pickMeasured(record, 'wasm') : null;
}

function AutoPending({ backend }: { backend: BackendName | null }) {
  return (
    <details className="backend-status" data-testid="backend-status">
      <summary>
        <span data-testid="backend-plain">
          {backend ? PLAIN_BACKEND[backend] : 'Trains on the fastest hardware this device offers'}
        </span>{' '}
        <span className="muted small">(details)</span>
      </summary>
      <span className="badge" data-testid="backend-badge" data-backend="auto">
        auto
      </span>{' '}
      <span className="muted small" data-testid="backend-reason">
        {backend
          ? `starts on ${backend}, the fastest measured on this device`
          : 'starts on the fastest backend measured on this device, or on the best guess for this model until they are measured'}
      </span>
    </details>
  );
}

/** What the run trains on: sizes, steps and parameters, the backend and any fallback. */
export function RunDetails({ empty }: { empty?: ReactNode }) {
  const { run, fallback, backend } = useAppStore(useShallow(selectRunBackend));
  const startup = useAppStore(selectSystem).ready?.backend ?? null;
  const { backend: choice } = useAppStore(selectConfig);
  const { record } = useAppStore(useShallow(selectBackendMeasurement));
  const key = useAppStore(selectMeasurementKey);
  // The worker's start-up backend is the one a run trains on, except for `auto` when the model
  // or the measurements changed since (see autoStart).
  const start =
    backend ?? (startup && choice === 'auto' ? autoStart(startup, key, record) : startup);
  return (
    <div className="run-details">
      {empty}
      {startup && (start === null || typeof start === 'string') && <AutoPending backend={start} />}
      {start && typeof start === 'object' && <BackendStatus report={start} />}
      <BackendMeasurements />
      {run && (
        <p className="muted small run-size" data-testid="run-size">
          {run.trainSize.toLocaleString('en')} training and {run.testSize.toLocaleString('en')} test{' '}
          {nounOf(run.config.dataset).many}, {run.stepsPerEpoch} steps per epoch,{' '}
          {run.params.toLocaleString('en')} trainable parameters.
        </p>
      )}
      {fallback && (
        <p
          className={fallback.why === 'faster' ? 'muted small' : 'warning-text small'}
          data-testid="backend-switch"
        >
          Switched from {fallback.from} to {fallback.to}: {fallback.reason}
        </p>
      )}
    </div>
  );
}
