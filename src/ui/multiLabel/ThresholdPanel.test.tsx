// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunResult } from '../../core';
import { DEFAULT_CONFIG, toRunRecord } from '../../core';
import { FAKE_REPORT, createFakeWorker } from '../../store/testing';
import { Results } from '../Results';
import { StoreContext } from '../storeContext';
import { SWEEP_THRESHOLDS, toThreshold } from './thresholds';

afterEach(cleanup);

/** Two test images: {1, 2} with outputs 0.9 and 0.3 for them; {7} with 0.6 for 7 and 0.3 for 0. */
function outputs() {
  const probs = new Float32Array(20).fill(0.01);
  const targets = new Uint8Array(20);
  probs[1] = 0.9;
  probs[2] = 0.3;
  targets[1] = 1;
  targets[2] = 1;
  probs[17] = 0.6;
  probs[10] = 0.3;
  targets[17] = 1;
  return { labels: 10, outputs: probs, targets };
}

const MULTI = {
  ...DEFAULT_CONFIG,
  task: 'multilabel',
  labels: 'multihot',
  activation: 'sigmoid',
  loss: 'binary_crossentropy',
  metric: 'binary_accuracy',
} as const;

function result(): RunResult {
  return {
    history: [],
    confusion: [],
    perClassAccuracy: new Array<number>(10).fill(1),
    testAccuracy: 0.5,
    labelCounts: Array.from({ length: 10 }, () => ({ tp: 0, fp: 0, fn: 0, tn: 2 })),
    testOutputs: outputs(),
    samples: [],
    totalMs: 10,
    backend: 'cpu',
  };
}

async function finishedRun() {
  const fake = createFakeWorker();
  await fake.store.getState().startWorker({ backend: 'cpu', sampleCount: 0, seed: 42 });
  fake.store.getState().setConfig(MULTI);
  const done = fake.store.getState().train();
  fake.emit(
    {
      type: 'run-start',
      config: MULTI,
      metricKey: 'binary_accuracy',
      metric: 'binary_accuracy',
      trainSize: 2,
      testSize: 2,
      stepsPerEpoch: 1,
      backend: 'cpu',
      params: 1,
    },
    { type: 'backend', report: FAKE_REPORT },
    { type: 'done', reason: 'completed', result: result() },
  );
  act(() => fake.frame());
  fake.finish();
  await done;
  return fake;
}

describe('threshold slider (multi-label results)', () => {
  it('keeps the typed test outputs in the store, not in the history record', async () => {
    const { store } = await finishedRun();
    const kept = store.getState().training.result?.testOutputs;
    expect(kept?.outputs).toBeInstanceOf(Float32Array);
    expect(kept?.outputs).toHaveLength(20);
    const record = toRunRecord({
      id: 'a',
      name: 'a',
      createdAt: 0,
      config: MULTI,
      metricKey: 'binary_accuracy',
      reason: 'completed',
      result: result(),
    });
    expect(JSON.stringify(record)).not.toContain('testOutputs');
  });

  it('re-scores live: the numbers and the per-digit table follow the slider', async () => {
    const { store } = await finishedRun();
    render(
      <StoreContext.Provider value={store}>
        <Results />
      </StoreContext.Provider>,
    );
    const slider = screen.getByRole('slider', { name: /Threshold/ });
    expect(slider).toHaveProperty('value', '0.5');
    // At 0.5: image 1 misses digit 2, image 2 is exact → subset 50%, precision 2/2, recall 2/3.
    expect(screen.getByTestId('threshold-subset-accuracy').textContent).toBe('50.0%');
    expect(screen.getByTestId('threshold-precision').textContent).toBe('100.0%');
    expect(screen.getByTestId('threshold-recall').textContent).toBe('66.7%');
    expect(slider.getAttribute('aria-valuetext')).toBe('0.50: subset accuracy 50.0%, F1 80.0%');

    fireEvent.change(slider, { target: { value: '0.2' } });
    // At 0.2: digit 2 found, but digit 0 wrongly present in image 2 → recall 3/3, precision 3/4.
    expect(screen.getByTestId('threshold-value').textContent).toBe('0.20');
    expect(screen.getByTestId('threshold-subset-accuracy').textContent).toBe('50.0%');
    expect(screen.getByTestId('threshold-precision').textContent).toBe('75.0%');
    expect(screen.getByTestId('threshold-recall').textContent).toBe('100.0%');
    expect(screen.getByTestId('label-table').querySelector('caption')?.textContent).toContain(
      'above 0.2',
    );

    fireEvent.change(slider, { target: { value: '0.7' } });
    expect(screen.getByTestId('threshold-recall').textContent).toBe('33.3%');
    expect(screen.getByTestId('threshold-subset-accuracy').textContent).toBe('0.0%');
  });

  it('has no slider for a single-label run', async () => {
    const fake = createFakeWorker();
    await fake.store.getState().startWorker({ backend: 'cpu', sampleCount: 0, seed: 42 });
    const done = fake.store.getState().train();
    const single: RunResult = { ...result() };
    delete single.testOutputs;
    delete single.labelCounts;
    fake.emit({ type: 'done', reason: 'completed', result: single });
    act(() => fake.frame());
    fake.finish();
    await done;
    render(
      <StoreContext.Provider value={fake.store}>
        <Results />
      </StoreContext.Provider>,
    );
    expect(screen.queryByRole('slider')).toBeNull();
  });
});

describe('threshold grid', () => {
  it('snaps slider values to 0.05 steps inside 0.05–0.95, and the sweep uses the same grid', () => {
    expect(toThreshold(0.5)).toBe(0.5);
    expect(toThreshold(0.33)).toBe(0.35);
    expect(toThreshold(0)).toBe(0.05);
    expect(toThreshold(2)).toBe(0.95);
    expect(toThreshold(NaN)).toBe(0.5);
    expect(SWEEP_THRESHOLDS).toHaveLength(19);
    expect(SWEEP_THRESHOLDS[0]).toBe(0.05);
    expect(SWEEP_THRESHOLDS.at(-1)).toBe(0.95);
  });
});
