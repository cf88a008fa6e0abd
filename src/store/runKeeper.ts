/**
 * Keeps the trainer's runs in the history as they train, not only when they finish: after every
 * completed epoch the run is stored as `interrupted` with the epochs so far, and its finished
 * record (same id) replaces that. A reload or a closed tab mid-run therefore leaves the run in
 * the history with its completed epochs, marked interrupted; nothing is written on unload, which
 * browsers do not reliably allow.
 */
import { toInterruptedRecord, toRunRecord, type RunConfig } from '../core';
import type { AppStore, StoreDeps } from './appStore';

/**
 * A default name for a single run: what a student chose and what tells two runs apart, e.g.
 * `softmax + categorical_crossentropy (onehot) · adam lr=0.001`.
 */
export function defaultRunName(config: RunConfig): string {
  const logits = config.fromLogits ? ', from_logits=True' : '';
  return (
    `${config.activation} + ${config.loss} (${config.labels}${logits}) · ` +
    `${config.optimizer} lr=${config.learningRate}`
  );
}

/** The trainer's run being kept: its id and when it started. */
interface Live {
  id: string;
  createdAt: number;
  /** The run-start event it belongs to (a new object per run). */
  start: object;
  /** Epochs already stored. */
  stored: number;
}

/**
 * Saves the trainer's runs to the history: as `interrupted` after each epoch while they train,
 * then as they finished (completed, stopped or diverged). A run reset by the user or ended by an
 * error is forgotten (only runs that produced a result are kept), except a run whose worker was
 * lost: its completed epochs are kept and listed as interrupted. Returns the unsubscribe function.
 */
export function keepTrainerRuns(
  store: AppStore,
  deps: Pick<StoreDeps, 'newId' | 'now'> = {},
): () => void {
  const newId = deps.newId ?? (() => crypto.randomUUID());
  const now = deps.now ?? (() => Date.now());
  let live: Live | null = null;

  const forget = () => {
    if (live) void store.getState().dropProgress(live.id);
    live = null;
  };

  return store.subscribe((state, previous) => {
    const { training } = state;
    if (training === previous.training) return;
    const { run } = training;

    if (training.result && training.result !== previous.training.result) {
      if (!run || !training.doneReason) return;
      const id = live?.start === run ? live.id : newId();
      const createdAt = live?.start === run ? live.createdAt : now();
      live = null;
      void state.keepRun(
        toRunRecord({
          id,
          name: defaultRunName(run.config),
          createdAt,
          config: run.config,
          metricKey: run.metricKey,
          reason: training.doneReason,
          result: training.result,
        }),
      );
      return;
    }
    if (training.status === 'error' && training.error?.lost && run && live?.start === run) {
      // The worker died or hung: what it completed stays, listed now as interrupted.
      const backend = training.backend?.backend;
      if (training.history.length > 0 && backend) {
        void state.keepRun(
          toInterruptedRecord({
            id: live.id,
            name: defaultRunName(run.config),
            createdAt: live.createdAt,
            config: run.config,
            metricKey: run.metricKey,
            history: training.history,
            backend,
          }),
        );
        live = null;
        return;
      }
    }
    if (training.status === 'error' || (run === null && live !== null)) {
      forget();
      return;
    }
    if (!run || training.result) return;
    if (live?.start !== run) {
      forget();
      live = { id: newId(), createdAt: now(), start: run, stored: 0 };
    }
    const backend = training.backend?.backend;
    if (training.history.length > live.stored && backend) {
      live.stored = training.history.length;
      void state.keepProgress(
        toInterruptedRecord({
          id: live.id,
          name: defaultRunName(run.config),
          createdAt: live.createdAt,
          config: run.config,
          metricKey: run.metricKey,
          history: training.history,
          backend,
        }),
      );
    }
  });
}
