import * as tf from '@tensorflow/tfjs';
import { expose, proxy, wrap } from 'comlink';
import { MessageChannel } from 'node:worker_threads';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Dataset, RunConfig, TrainEvent } from '../core';
import { DEFAULT_CONFIG, multiLabelReport } from '../core';
import { loadDigits } from '../test/mnistDigits';
import { memory, pause, resume, stop, train, transferablesOf } from './training';

const digits: Dataset = loadDigits(400, 0);
const getDataset = () => Promise.resolve(digits);

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function config(overrides: Partial<RunConfig> = {}): RunConfig {
  return {
    ...DEFAULT_CONFIG,
    backend: 'cpu',
    units: 16,
    batchSize: 50,
    epochs: 1,
    trainSize: 300,
    testSize: 100,
    ...overrides,
  };
}

function collect() {
  const events: TrainEvent[] = [];
  return { events, onEvent: (event: TrainEvent) => void events.push(event) };
}

describe('worker training API (called directly, CPU backend)', () => {
  it('runs a configuration end to end and frees every tensor', async () => {
    const before = tf.memory().numTensors;
    const { events, onEvent } = collect();
    await expect(train(config(), onEvent, getDataset)).resolves.toBe('completed');
    const types = events.map((e) => e.type);
    expect(types[0]).toBe('stage');
    expect(types).toContain('backend');
    expect(types).toContain('run-start');
    expect(types.at(-1)).toBe('done');
    const backend = events.find((e) => e.type === 'backend');
    expect(backend?.type === 'backend' && backend.report.backend).toBe('cpu');
    expect(memory().numTensors).toBe(before);
  });

  it('resolves only after the page has handled the final event', async () => {
    // comlink sends callback calls and the reply to `train` on different ports, so the reply
    // must wait for the final event's handler, or the page can see the run end without it.
    let release: (() => void) | null = null;
    let settled = false;
    const outcome = train(
      config(),
      // A comlink proxy returns a promise even though the handler's type says void.
      // eslint-disable-next-line @typescript-eslint/no-misused-promises
      (event: TrainEvent) =>
        event.type === 'done' ? new Promise<void>((resolve) => (release = resolve)) : undefined,
      getDataset,
    );
    void outcome.then(() => (settled = true));
    await expect.poll(() => release !== null).toBe(true);
    // The page is still handling `done`: give the worker every chance to answer early.
    for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    release!();
    await expect(outcome).resolves.toBe('completed');
  });

  it('stops, pauses and resumes the run in progress', async () => {
    // The commands' answers are recorded here and checked after the run: an expect that threw
    // inside the event callback would be swallowed by the worker's event delivery.
    const answers: [string, boolean][] = [];
    const { events, onEvent } = collect();
    const outcome = train(
      config({ epochs: 3 }),
      (event) => {
        onEvent(event);
        if (event.type === 'batch' && answers.length === 0) {
          answers.push(['pause', pause()], ['pause again', pause()]);
        }
        // Resumed from a later task, as a page's click would be, not from inside the pause.
        if (event.type === 'paused') queueMicrotask(() => answers.push(['resume', resume()]));
        if (event.type === 'resumed') answers.push(['stop', stop()]);
      },
      getDataset,
    );
    await expect(outcome).resolves.toBe('stopped');
    expect(answers).toEqual([
      ['pause', true],
      ['pause again', false],
      ['resume', true],
      ['stop', true],
    ]);
    const types = events.map((e) => e.type);
    expect(types.indexOf('paused')).toBeGreaterThan(0);
    expect(types.indexOf('resumed')).toBeGreaterThan(types.indexOf('paused'));
    expect(types.at(-1)).toBe('done');
    const done = events.at(-1);
    // Stopped in epoch 1 of 3: fewer epochs than asked for.
    expect(done?.type === 'done' && done.result.history.length).toBeLessThan(3);
    expect(stop()).toBe(false);
  });

  it("an exception thrown by the page's event handler does not reach the run (why expects go outside it)", async () => {
    const outcome = await train(
      config(),
      (event) => {
        if (event.type === 'batch') throw new Error('handler failed');
      },
      getDataset,
    );
    expect(outcome).toBe('completed');
  });

  it('a new run stops the one in progress', async () => {
    const first = train(config({ epochs: 5 }), () => undefined, getDataset);
    const second = train(config(), () => undefined, getDataset);
    await expect(first).resolves.toBe('stopped');
    await expect(second).resolves.toBe('completed');
  });

  it('carries errors back as an error event', async () => {
    const { events, onEvent } = collect();
    await expect(
      train(config({ trainSize: 399, testSize: 100 }), onEvent, getDataset),
    ).resolves.toBe('error');
    const error = events.at(-1);
    expect(error?.type).toBe('error');
    expect(error?.type === 'error' && error.message).toMatch(/trainSize \+ testSize/);
  });

  it('trains the multi-label task on composed 56×56 canvases', async () => {
    const before = tf.memory().numTensors;
    const { events, onEvent } = collect();
    const multi = config({
      task: 'multilabel',
      labels: 'multihot',
      activation: 'sigmoid',
      loss: 'binary_crossentropy',
      metric: 'subset_accuracy',
      trainSize: 100,
      testSize: 50,
    });
    await expect(train(multi, onEvent, getDataset)).resolves.toBe('completed');
    const done = events.at(-1);
    if (done?.type !== 'done') throw new Error('no done event');
    expect(done.result.confusion).toEqual([]);
    expect(done.result.labelCounts).toHaveLength(10);
    expect(done.result.samples[0]?.rows).toBe(56);
    expect(done.result.samples[0]?.pixels).toHaveLength(56 * 56);
    expect(done.result.samples[0]?.labels?.length).toBeGreaterThan(0);
    expect(tf.memory().numTensors).toBe(before);

    // Every test output and target comes back, and re-scoring them at 0.5 gives the result's own
    // numbers; both buffers are handed over with the event, not copied.
    const outputs = done.result.testOutputs;
    if (!outputs) throw new Error('no test outputs');
    expect(outputs.labels).toBe(10);
    expect(outputs.outputs).toBeInstanceOf(Float32Array);
    expect(outputs.outputs).toHaveLength(50 * 10);
    expect(outputs.targets).toHaveLength(50 * 10);
    const report = multiLabelReport(outputs.outputs, outputs.targets);
    expect(report.subsetAccuracy).toBeCloseTo(done.result.testAccuracy, 12);
    expect(report.perLabel.map(({ tp, fp, fn, tn }) => ({ tp, fp, fn, tn }))).toEqual(
      done.result.labelCounts,
    );
    expect(transferablesOf(done).map((b) => b.byteLength)).toEqual([50 * 10 * 4, 50 * 10]);

    const wrong = collect();
    await train({ ...multi, labels: 'onehot' }, wrong.onEvent, getDataset);
    const error = wrong.events.at(-1);
    expect(error?.type === 'error' && error.message).toMatch(/multi-hot/);
  });

  it('softmax on multi-label images: at most one output passes 0.5, so only one-digit images can be right', async () => {
    const { events, onEvent } = collect();
    const softmax = config({
      task: 'multilabel',
      labels: 'multihot',
      activation: 'softmax',
      loss: 'categorical_crossentropy',
      metric: 'binary_accuracy',
      trainSize: 100,
      testSize: 60,
    });
    await expect(train(softmax, onEvent, getDataset)).resolves.toBe('completed');
    const done = events.at(-1);
    if (done?.type !== 'done' || !done.result.testOutputs) throw new Error('no test outputs');
    const { outputs, targets } = done.result.testOutputs;
    let single = 0;
    for (let i = 0; i < 60; i++) {
      const row = outputs.subarray(i * 10, i * 10 + 10);
      expect(row.filter((p) => p > 0.5).length).toBeLessThanOrEqual(1);
      if (targets.subarray(i * 10, i * 10 + 10).reduce((a, b) => a + b, 0) === 1) single++;
    }
    expect(single).toBeLessThan(60); // the composer makes some canvases with several digits
    expect(done.result.testAccuracy).toBeLessThanOrEqual(single / 60);
  });

  it('sends multi-label test outputs through comlink as typed arrays; other runs have none', async () => {
    const { port1, port2 } = new MessageChannel();
    expose(
      { train: (c: RunConfig, cb: (e: TrainEvent) => void) => train(c, cb, getDataset) },
      port1 as never,
    );
    const remote = wrap<{ train: (c: RunConfig, cb: (e: TrainEvent) => void) => Promise<string> }>(
      port2 as never,
    );
    const received: TrainEvent[] = [];
    const multi = config({
      task: 'multilabel',
      labels: 'multihot',
      activation: 'sigmoid',
      loss: 'binary_crossentropy',
      metric: 'binary_accuracy',
      trainSize: 60,
      testSize: 30,
    });
    try {
      await remote.train(
        multi,
        proxy((e: TrainEvent) => void received.push(e)),
      );
      await expect.poll(() => received.at(-1)?.type).toBe('done');
      const done = received.at(-1);
      expect(done?.type === 'done' && done.result.testOutputs?.outputs).toBeInstanceOf(
        Float32Array,
      );
      expect(done?.type === 'done' && done.result.testOutputs?.outputs.length).toBe(300);
      const single = collect();
      await train(config(), single.onEvent, getDataset);
      const plain = single.events.at(-1);
      expect(plain?.type === 'done' && plain.result.testOutputs).toBeUndefined();
      expect(plain && transferablesOf(plain)).toEqual([]);
    } finally {
      port1.close();
      port2.close();
    }
  });

  it('auto starts on the documented guess without measuring, and says why', async () => {
    const before = tf.memory().numTensors;
    const { events, onEvent } = collect();
    await train(
      config({ backend: 'auto', model: 'cnn', batchSize: 8, trainSize: 16, testSize: 10 }),
      onEvent,
      getDataset,
    );
    expect(tf.memory().numTensors).toBe(before);
    const backend = events.find((e) => e.type === 'backend');
    if (backend?.type !== 'backend') throw new Error(`no backend event: ${JSON.stringify(events)}`);
    // Node has no WebGL: the CNN's guess (WebGL, then CPU) lands on the CPU.
    expect(backend.report.backend).toBe('cpu');
    expect(backend.report.reason).toMatch(
      /best guess for the CNN, not measured on this device yet/,
    );
    expect(backend.report.basis?.kind).toBe('guess');
    expect(backend.report.attempts.map((a) => a.backend)).toEqual(['webgl', 'cpu']);
    expect(events.some((e) => e.type === 'stage' && e.message !== undefined)).toBe(false);
  });
});
