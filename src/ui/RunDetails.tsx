import type { ReactNode } from 'react';
import { selectBackendReport, selectTraining } from '../store';
import { BackendStatus } from './BackendStatus';
import { useAppStore } from './storeContext';

/** What the run trains on: sizes, steps and parameters, the backend and any fallback. */
export function RunDetails({ empty }: { empty?: ReactNode }) {
  const { run, fallback } = useAppStore(selectTraining);
  const report = useAppStore(selectBackendReport);
  return (
    <div className="run-details">
      {empty}
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
