import type { ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { rankMeasured } from '../core';
import { selectBackendMeasurement, selectConfig, selectSystem, selectTraining } from '../store';
import { BackendMeasurements } from './BackendMeasurements';
import { BackendStatus } from './BackendStatus';
import { useAppStore } from './storeContext';

/**
 * Before an `auto` run, what it will start on: the fastest backend of a complete measurement on
 * this device, else the worker's documented guess (src/core/measurement.ts), which the page does
 * not name because the CNN's guess depends on the WebGL renderer the worker sees.
 */
function AutoPending() {
  const { record } = useAppStore(useShallow(selectBackendMeasurement));
  const best = record?.complete ? rankMeasured(record)[0]?.backend : undefined;
  return (
    <div className="backend-status">
      <span className="badge" data-testid="backend-badge" data-backend="auto">
        auto
      </span>{' '}
      <span className="muted small" data-testid="backend-reason">
        {best
          ? `starts on ${best}, the fastest measured on this device`
          : 'starts on the fastest backend measured on this device, or on the best guess for this model until they are measured'}
      </span>
    </div>
  );
}

/** What the run trains on: sizes, steps and parameters, the backend and any fallback. */
export function RunDetails({ empty }: { empty?: ReactNode }) {
  const { run, fallback, backend } = useAppStore(selectTraining);
  const startup = useAppStore(selectSystem).ready?.backend ?? null;
  const { backend: choice } = useAppStore(selectConfig);
  // Before a run with `auto`, the worker's start-up backend is not necessarily the one that will
  // train: the run starts on the measured fastest or the guess. Say that instead.
  const pending = backend === null && choice === 'auto';
  const report = backend ?? (pending ? null : startup);
  return (
    <div className="run-details">
      {empty}
      {pending && startup && <AutoPending />}
      {report && <BackendStatus report={report} />}
      <BackendMeasurements />
      {run && (
        <p className="muted small run-size" data-testid="run-size">
          {run.trainSize.toLocaleString('en')} training and {run.testSize.toLocaleString('en')} test
          digits, {run.stepsPerEpoch} steps per epoch, {run.params.toLocaleString('en')} trainable
          parameters.
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
