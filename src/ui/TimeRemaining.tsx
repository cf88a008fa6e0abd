import { useRef } from 'react';
import { selectTraining } from '../store';
import { useAppStore } from './storeContext';
import {
  RATE_WINDOW,
  estimateRemaining,
  formatDuration,
  type ProgressSample,
} from './timeRemaining';

/**
 * "About 12 s left in this epoch, 48 s in the run", from the step times measured so far (see
 * ./timeRemaining.ts). Not a live region: it changes several times a second.
 */
export function TimeRemaining() {
  const training = useAppStore(selectTraining);
  const samples = useRef<ProgressSample[]>([]);
  const { progress, status, history } = training;
  if (!progress || (status !== 'running' && status !== 'paused')) {
    samples.current = [];
    return null;
  }
  if (status === 'paused') {
    // Progress reported across a pause would count the pause as training time.
    samples.current = [];
    return (
      <p className="muted small" data-testid="time-remaining">
        Paused: time left resumes with training.
      </p>
    );
  }
  const sample: ProgressSample = {
    epoch: progress.epoch,
    batch: progress.batch,
    elapsedMs: progress.elapsedMs,
  };
  const seen = samples.current;
  const previous = seen.at(-1);
  if (!previous || previous.epoch !== sample.epoch || previous.batch !== sample.batch) {
    samples.current = [...seen.filter((s) => s.epoch === sample.epoch), sample].slice(-RATE_WINDOW);
  }
  const estimate = estimateRemaining({
    current: sample,
    batches: progress.batches,
    epochs: progress.epochs,
    samples: samples.current,
    history,
  });
  return (
    <p className="muted small tabular" data-testid="time-remaining">
      {estimate
        ? `About ${formatDuration(estimate.epochMs)} left in this epoch, ${formatDuration(estimate.runMs)} in the run.`
        : 'Estimating the time left…'}
    </p>
  );
}
