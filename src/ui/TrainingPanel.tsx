import { useRef, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { verdictHeadline } from '../core';
import {
  selectCanTrain,
  selectConfig,
  selectRunOwner,
  selectSystem,
  selectTrainBlocker,
  selectTraining,
  selectTrainingActions,
  selectUi,
  selectVerdict,
  type TrainingState,
} from '../store';
import { ActionButton } from './ActionButton';
import { FixButton } from './FixButton';
import { revealAndFocus, TRAIN_BUTTON_ID } from './focus';
import { STAGE_TEXT } from './stageText';
import { useHeightVariable } from './pageHooks';
import { useStaleRun } from './staleRun';
import { useAppStore } from './storeContext';
import { TimeRemaining } from './TimeRemaining';
import { LEVEL_WORD } from './verdictText';

/** One sentence for the status region: coarse on purpose, so a screen reader is not flooded. */
export function statusText(
  training: TrainingState,
  worker: 'idle' | 'starting' | 'ready' | 'error' = 'ready',
  autorunPending = false,
): string {
  const { status, progress, stage, stageMessage, doneReason, result } = training;
  switch (status) {
    case 'idle':
      if (worker === 'error') return 'Training is not available: the worker did not start.';
      if (worker === 'ready') return 'Ready to train.';
      // A fresh browser loads the worker for a few seconds: say the link will then start itself.
      return autorunPending
        ? 'Waiting for the training worker… This link trains by itself as soon as it is ready.'
        : 'Waiting for the training worker…';
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
      return training.error?.lost
        ? 'Training ended: the worker was lost; a fresh one takes over.'
        : 'Training failed.';
  }
}

/**
 * Why Train cannot start now, in words next to it, or null where the status line already says it
 * (the worker is starting, the trainer's own run is in progress).
 */
function blockedReason(
  verdictError: boolean,
  heldByOther: boolean,
  blocker: string | null,
): string | null {
  if (heldByOther) return `Train is off: ${blocker ?? ''}`;
  if (verdictError) return 'Train is off: Keras rejects this configuration.';
  return null;
}

/** What became of a run whose worker was lost, and what to do next. */
function LostRunNote({ kept }: { kept: number }) {
  const epochs = kept === 1 ? '1 completed epoch is' : `${kept} completed epochs are`;
  return (
    <span data-testid="lost-run-note">
      {' '}
      {kept > 0
        ? `Its ${epochs} kept in History as an interrupted run.`
        : 'It had not completed an epoch, so nothing was kept.'}{' '}
      Train starts a new run on a fresh worker.
    </span>
  );
}

/** A thin bar for the whole run: batches done out of all epochs' batches. */
function RunProgress({ training }: { training: TrainingState }) {
  const { progress, run, history } = training;
  if (!run && !progress) return null;
  const epochs = run?.config.epochs ?? progress?.epochs ?? 1;
  const steps = progress?.batches ?? run?.stepsPerEpoch ?? 1;
  const doneEpochs = training.status === 'done' ? history.length : (progress?.epoch ?? 1) - 1;
  const batch = training.status === 'done' ? 0 : (progress?.batch ?? 0);
  const value = Math.min(doneEpochs * steps + batch, epochs * steps);
  const label = progress
    ? `Epoch ${progress.epoch} of ${epochs}, batch ${progress.batch} of ${progress.batches}`
    : `Epoch 1 of ${epochs}`;
  return (
    <div className="run-progress">
      <progress aria-label="Run progress" value={value} max={Math.max(epochs * steps, 1)} />
      <span className="muted small tabular" data-testid="progress-text">
        {label}
      </span>
      <TimeRemaining />
    </div>
  );
}

/**
 * The action bar: Train, Pause or Resume, Stop, Reset, the status in words, the run's progress
 * and the verdict in one line. It stays in reach (sticky at the top on wide screens, fixed at the
 * bottom on a phone), and the verdict line is a polite live region, so a changed control is
 * answered where the student is looking and by a screen reader.
 */
export function TrainingPanel({ setupToggle }: { setupToggle?: ReactNode }) {
  const training = useAppStore(selectTraining);
  const canTrain = useAppStore(selectCanTrain);
  const worker = useAppStore(selectSystem).status;
  const owner = useAppStore(selectRunOwner);
  const blocker = useAppStore(selectTrainBlocker);
  const verdict = useAppStore(selectVerdict);
  const config = useAppStore(selectConfig);
  const stale = useStaleRun();
  const autorunPending = useAppStore(selectUi).autorunPending;
  const { train, pause, resume, stop, resetTraining } = useAppStore(
    useShallow(selectTrainingActions),
  );
  const { status, error } = training;
  const active = status === 'starting' || status === 'running' || status === 'paused';
  const busy = owner?.kind === 'trainer';
  const heldByOther = owner !== null && !busy;
  const bar = useRef<HTMLElement>(null);
  // The phone layout leaves this much room under the page for the fixed bar.
  useHeightVariable(bar, '--bar-h');
  const blocked =
    canTrain || busy ? null : blockedReason(verdict.level === 'error', heldByOther, blocker);

  return (
    <section
      ref={bar}
      className="action-bar"
      aria-labelledby="training-heading"
      data-testid="action-bar"
    >
      <h2 id="training-heading" className="sr-only">
        Training
      </h2>
      <div className="action-row">
        <div className="action-buttons">
          <ActionButton
            id={TRAIN_BUTTON_ID}
            className="primary train-button"
            disabled={!canTrain}
            describedBy={blocked ? 'training-status' : undefined}
            onClick={() => void train()}
          >
            Train
          </ActionButton>
          {status === 'paused' ? (
            <ActionButton disabled={false} onClick={() => void resume()}>
              Resume
            </ActionButton>
          ) : (
            <ActionButton disabled={status !== 'running'} onClick={() => void pause()}>
              Pause
            </ActionButton>
          )}
          <ActionButton disabled={!active} onClick={() => void stop()}>
            Stop
          </ActionButton>
          <ActionButton disabled={status === 'idle'} onClick={resetTraining}>
            Reset
          </ActionButton>
        </div>
        <div className="action-status">
          <p
            id="training-status"
            role="status"
            className="training-status"
            data-testid="training-status"
            data-status={status}
          >
            {blocked && status === 'idle' ? (
              <span className="blocked-reason" data-testid="train-blocked">
                {blocked}
              </span>
            ) : (
              <>
                {stale && (
                  <span className="stale-note" data-testid="stale-note">
                    Previous run ({stale.name}):{' '}
                  </span>
                )}
                {statusText(training, worker, autorunPending)}
              </>
            )}
          </p>
          {blocked && status !== 'idle' && (
            <p className="blocked-reason" data-testid="train-blocked">
              {blocked}
            </p>
          )}
        </div>
        <a
          href="#verdict"
          className={`verdict-chip level-${verdict.level}`}
          data-testid="verdict-chip"
          data-level={verdict.level}
          onClick={(event) => {
            const verdictPanel = document.getElementById('verdict');
            if (!verdictPanel) return;
            event.preventDefault();
            revealAndFocus(verdictPanel);
          }}
        >
          <span className="verdict-chip-level">{LEVEL_WORD[verdict.level]}</span>
          <span className="verdict-chip-text">{verdictHeadline(verdict)}</span>
        </a>
        {/* The verdict's fix beside its line: a few Tab presses from the top, not after every
            preset and setting. */}
        {verdict.suggestedFix && <FixButton fix={verdict.suggestedFix} testId="bar-fix" />}
        {setupToggle}
      </div>
      {/* Announced when it changes (not on load): the verdict of the configuration just set. */}
      <p id="verdict-live" className="sr-only" aria-live="polite" aria-atomic="true">
        Verdict for {config.activation} with {config.loss}: {LEVEL_WORD[verdict.level]},{' '}
        {verdictHeadline(verdict)}.
      </p>
      <RunProgress training={training} />
      {error && (
        <div role="alert" className="error run-error">
          {error.message}
          {error.lost && <LostRunNote kept={training.history.length} />}
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
