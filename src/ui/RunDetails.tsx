import type { ReactNode } from 'react';
import { selectConfig, selectSystem, selectTraining } from '../store';
import { BackendStatus } from './BackendStatus';
import { useAppStore } from './storeContext';

/** What the run trains on: sizes, steps and parameters, the backend and any fallback. */
export function RunDetails({ empty }: { empty?: ReactNode }) {
  const { run, fallback, backend } = useAppStore(selectTraining);
  const startup = useAppStore(selectSystem).ready?.backend ?? null;
  const { backend: choice } = useAppStore(selectConfig);
  // Before a run with `auto`, the worker's start-up backend is not the one that will train: auto
  // measures the candidates when training starts. Say that instead of naming one.
  const pending = backend === null && choice === 'auto';
  const report = backend ?? (pending ? null : startup);
  return (
    <div className="run-details">
      {empty}
      {pending && startup && (
        <div className="backend-status">
          <span className="badge" data-testid="backend-badge" data-backend="auto">
            auto
          </span>{' '}
          <span className="muted small" data-testid="backend-reason">
            measures each backend when training starts and trains on the fastest
          </span>
        </div>
      )}
      {report && <BackendStatus report={report} />}
      {run && (
        <p className="muted small run-size" data-testid="run-size">
          {run.trainSize.toLocaleString('en')} training and {run.testSize.toLocaleString('en')} test
          digits, {run.stepsPerEpoch} steps per epoch, {run.params.toLocaleString('en')} trainable
          parameters.
        </p>
      )}
      {fallback && (
        <p className="warning-text small">
          Switched from {fallback.from} to {fallback.to}: {fallback.reason}
        </p>
      )}
    </div>
  );
}
