import type { RunEndReason, RunRecord } from '../../core';

/** How a kept run ended, as the history list tags it. */
export const END_WORD: Readonly<Record<RunEndReason, string>> = {
  completed: 'finished',
  stopped: 'stopped',
  diverged: 'diverged',
  interrupted: 'interrupted',
};

/** The tag of a stored run another tab of the page is training now. */
export const ELSEWHERE_WORD = 'training in another tab';

const epochs = (n: number) => `${n} ${n === 1 ? 'epoch' : 'epochs'}`;

/**
 * One sentence on how a kept run ended: how many of its epochs ran, in what time, on which
 * backend, and its test accuracy when it was evaluated (an interrupted run never was); or, for a
 * run another tab is still training (`elsewhere`), how far it had got when last stored.
 */
export function runEndText(run: RunRecord, elsewhere = false): string {
  const done = run.history.length;
  const planned = run.config.epochs;
  if (elsewhere) {
    return (
      `Training in another tab of this page: ${done} of ${epochs(planned)} stored so far; ` +
      'listed here with its result once it ends there.'
    );
  }
  const seconds = `${(run.totalMs / 1000).toFixed(1)} s on ${run.backend}`;
  const accuracy = Number.isFinite(run.testAccuracy)
    ? `; test accuracy (argmax) ${(run.testAccuracy * 100).toFixed(1)}%`
    : '';
  switch (run.reason) {
    case 'completed':
      return `Finished ${epochs(done)} in ${seconds}${accuracy}.`;
    case 'stopped':
      return `Stopped after ${done} of ${epochs(planned)}, in ${seconds}${accuracy}.`;
    case 'diverged':
      return `Diverged after ${done} of ${epochs(planned)}, in ${seconds}${accuracy}.`;
    case 'interrupted':
      return (
        `Interrupted: the page was reloaded or closed after ${done} of ${epochs(planned)} ` +
        `(${seconds}); kept with those epochs, never evaluated on the test digits.`
      );
  }
}
