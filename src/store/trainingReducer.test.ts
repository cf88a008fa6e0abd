import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type EpochRecord, type RunResult, type TrainEvent } from '../core';
import { INITIAL_TRAINING, applyEvents } from './trainingReducer';

const config = { ...DEFAULT_CONFIG, epochs: 2, metric: 'categorical_accuracy' as const };
const runStart: TrainEvent = {
  type: 'run-start',
  config,
  metricKey: 'categorical_accuracy',
  metric: 'categorical_accuracy',
  trainSize: 300,
  testSize: 100,
  stepsPerEpoch: 6,
  backend: 'cpu',
  params: 101_770,
};
const record = (epoch: number): EpochRecord => ({
  epoch,
  epochs: 2,
  steps: 6,
  loss: 0.2872,
  metric: 0.9284,
  valLoss: 0.29174,
  valMetric: 0.93,
  epochMs: 1234,
  msPerStep: 12.3,
});
const result: RunResult = {
  history: [record(1), record(2)],
  confusion: [],
  perClassAccuracy: [],
  testAccuracy: 0.93,
  samples: [],
  totalMs: 2500,
  backend: 'cpu',
};
const batch = (epoch: number, index: number, loss: number, metric = 0.5): TrainEvent => ({
  type: 'batch',
  epoch,
  batch: index,
  batches: 6,
  loss,
  metric,
  seen: ((epoch - 1) * 6 + index) * 50,
  elapsedMs: 100 * index,
});
const start = { ...INITIAL_TRAINING, status: 'starting' as const };

describe('applyEvents', () => {
  it('prints what Keras fit(verbose=2) prints, epoch by epoch', () => {
    const state = applyEvents(start, [
      runStart,
      { type: 'epoch', record: record(1) },
      { type: 'epoch', record: record(2) },
    ]);
    expect(state.log).toEqual([
      'Epoch 1/2',
      '6/6 - 1s - 12ms/step - categorical_accuracy: 0.9284 - loss: 0.2872 - val_categorical_accuracy: 0.9300 - val_loss: 0.2917',
      'Epoch 2/2',
      '6/6 - 1s - 12ms/step - categorical_accuracy: 0.9284 - loss: 0.2872 - val_categorical_accuracy: 0.9300 - val_loss: 0.2917',
    ]);
    expect(state.history.map((r) => r.epoch)).toEqual([1, 2]);
  });

  it('goes from starting to running to done, keeping the result', () => {
    let state = applyEvents(start, [{ type: 'stage', stage: 'loading-data' }]);
    expect(state.status).toBe('starting');
    expect(state.stage).toBe('loading-data');
    state = applyEvents(state, [runStart, { type: 'paused' }]);
    expect(state.status).toBe('paused');
    state = applyEvents(state, [{ type: 'resumed' }]);
    expect(state.status).toBe('running');
    state = applyEvents(state, [{ type: 'done', reason: 'completed', result }]);
    expect(state).toMatchObject({ status: 'done', doneReason: 'completed', result, stage: null });
  });

  it('turns running means into the mean of each interval between batch events', () => {
    const state = applyEvents(start, [
      runStart,
      batch(1, 2, 2.0), // batches 1–2 average 2.0
      batch(1, 6, 1.5), // batches 1–6 average 1.5, so batches 3–6 average 1.25
      batch(2, 3, 0.9), // a new epoch restarts the running mean
    ]);
    expect(state.batches.map((p) => p.x)).toEqual([2 / 6, 1, 1.5]);
    expect(state.batches.map((p) => p.loss)).toEqual([2.0, 1.25, 0.9]);
    expect(state.progress).toMatchObject({ epoch: 2, epochs: 2, batch: 3, batches: 6, loss: 0.9 });
  });

  it('keeps the error message and detail', () => {
    const state = applyEvents(start, [{ type: 'error', message: 'boom', detail: 'stack' }]);
    expect(state.status).toBe('error');
    expect(state.error).toEqual({ message: 'boom', detail: 'stack' });
  });

  it("says why a diverged run ended, as Keras' TerminateOnNaN does", () => {
    const diverged: RunResult = {
      ...result,
      divergence: { epoch: 1, batch: 4, value: NaN, cause: 'lr too high' },
    };
    const state = applyEvents(start, [
      runStart,
      { type: 'done', reason: 'diverged', result: diverged },
    ]);
    expect(state.log.at(-1)).toBe('Batch 3: Invalid loss, terminating training');
  });

  it('a stop request is not undone by a late pause or resume event', () => {
    const stopping = { ...applyEvents(start, [runStart]), status: 'stopping' as const };
    expect(applyEvents(stopping, [{ type: 'paused' }, { type: 'resumed' }]).status).toBe(
      'stopping',
    );
  });

  it('keeps the log header once when a run restarts on a fallback backend', () => {
    const state = applyEvents(start, [runStart, runStart]);
    expect(state.log).toEqual(['Epoch 1/2']);
  });
});
