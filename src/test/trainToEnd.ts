/**
 * `runTraining` for tests that expect a run to finish on the backend it started on: the finished
 * outcome's reason and result, or a rejection with what ended it otherwise.
 */
import type { RunOptions } from '../ml/run';
import { runTraining } from '../ml/run';

export async function trainToEnd(options: RunOptions) {
  const outcome = await runTraining(options);
  if (outcome.kind === 'failed') throw outcome.error;
  if (outcome.kind === 'hand-over') throw new Error('the run was handed over unexpectedly');
  return { reason: outcome.reason, result: outcome.result };
}
