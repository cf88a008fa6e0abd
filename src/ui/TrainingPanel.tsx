import { useShallow } from 'zustand/react/shallow';
import type { Stage } from '../core';
import {
  selectBackendReport,
  selectCanTrain,
  selectSystem,
  selectTraining,
  selectTrainingActions,
  type TrainingState,
} from '../store';
import { BackendMeasurements } from './BackendMeasurements';
import { BackendStatus } from './BackendStatus';
import { useAppStore } from './storeContext';
import { TimeRemaining } from './TimeRemaining';

const STAGE_TEXT: Readonly<Record<Stage, string>> = {
  'loading-data': 'Loading the digits…',
  'choosing-backend': 'Choosing a backend…',
  'building-model': 'Building the model…',
  training: 'Training…',
  evaluating: 'Evaluating on the test digits…',
};

/** One sentence for the status region: coarse on purpose, so a screen reader is not flooded. */
export function statusText(
  training: TrainingState,
  worker: 'idle' | 'starting' | 'ready' | 'error' = 'ready',
): string {
  const { status, progress, stage, stageMessage, doneReason, result } = training;
  switch (status) {
    case 'idle':
      if (worker === 'error') return 'Training is not available: the worker did not start.';
      return worker === 'ready' ? 'Ready to train.' : 'Waiting for the training worker…';
    case 'starting':
      return stage
        ? `${STAGE_TEXT[stage]}${stageMessage ? ` (${stageMessage})` : ''}`
        : 'Starting…';
    case 'running':
      if (stage === 'evaluating') return STAGE_TEXT.evaluating;
      return progress ? `Training: epoch ${progress.epoch} of ${progress.epochs}.` : 'Training…';
    case 'paused':
      return progress ? `Paused in epoch ${progress.epoch} of ${progress.epochs}.` : 'Paused.';
    case 'stopping':
      return 'Stopping after this batch…';
    case 'done': {
      const name = training.run?.config.task === 'multilabel' ? 'Subset accuracy' : 'Test accuracy';
      const accuracy = result ? ` ${name} ${(result.testAccuracy * 100).toFixed(1)}%.` : '';
      if (doneReason === 'stopped') return `Stopped.${accuracy}`;
      if (doneReason === 'diverged') return 'The loss diverged (NaN or infinite); training ended.';
      return `Finished.${accuracy}`;
    }
    case 'error':
      return 'Training failed.';
  }
}

function Bar({ label, value, max }: { label: string; value: number; max: number }) {
  return (
    <div className="progress-row">
      <span>{label}</span>
      <progress aria-label={label} value={value} max={Math.max(max, 1)} />
      <span className="muted small tabular">
        {value}/{max}
      </span>
    </div>
  );
}

/** Train, pause or resume, stop, reset; progress, status and the backend in use. */
export function TrainingPanel() {
  const training = useAppStore(selectTraining);
  const canTrain = useAppStore(selectCanTrain);
  const report = useAppStore(selectBackendReport);
  const worker = useAppStore(selectSystem).status;
  const { train, pause, resume, stop, resetTraining } = useAppStore(
    useShallow(selectTrainingActions),
  );
  const { status, progress, run, fallback, error } = training;
  const active = status === 'starting' || status === 'running' || status === 'paused';
  const epochsDone = training.history.length;
  const epochs = run?.config.epochs ?? progress?.epochs ?? 0;

  return (
    <section className="panel training-panel" aria-labelledby="training-heading">
      <h2 id="training-heading">Training</h2>
      <div className="buttons">
        <button type="button" className="primary" disabled={!canTrain} onClick={() => void train()}>
          Train
        </button>
        {status === 'paused' ? (
          <button type="button" onClick={() => void resume()}>
            Resume
          </button>
        ) : (
          <button type="button" disabled={status !== 'running'} onClick={() => void pause()}>
            Pause
          </button>
        )}
        <button type="button" disabled={!active} onClick={() => void stop()}>
          Stop
        </button>
        <button type="button" disabled={status === 'idle'} onClick={resetTraining}>
          Reset
        </button>
      </div>
      <p
        role="status"
        className="training-status"
        data-testid="training-status"
        data-status={status}
      >
        {statusText(training, worker)}
      </p>
      {(run || progress) && (
        <div className="progress">
          <Bar
            label={`Epoch ${progress?.epoch ?? 1} batches`}
            value={progress?.batch ?? 0}
            max={progress?.batches ?? run?.stepsPerEpoch ?? 0}
          />
          <Bar label="Run epochs" value={epochsDone} max={epochs} />
          <TimeRemaining />
        </div>
      )}
      {run && (
        <p className="muted small">
          {run.trainSize.toLocaleString('en')} training and {run.testSize.toLocaleString('en')} test
          digits, {run.stepsPerEpoch} steps per epoch, {run.params.toLocaleString('en')} trainable
          parameters.
        </p>
      )}
      {report && <BackendStatus report={report} />}
      <BackendMeasurements />
      {fallback && (
        <p
          className={fallback.why === 'faster' ? 'muted small' : 'warning-text'}
          data-testid="backend-switch"
        >
          Switched from {fallback.from} to {fallback.to}: {fallback.reason}
        </p>
      )}
      {error && (
        <div role="alert" className="error">
          {error.message}
          {error.detail && (
            <details>
              <summary>Details</summary>
              <pre>{error.detail}</pre>
            </details>
          )}
        </div>
      )}
    </section>
  );
}
