// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_CONFIG,
  checkConfig,
  MEASUREMENT_VERSION,
  measurementKey,
  probeSpecOf,
  type BackendReport,
  type DeviceInfo,
  type RunConfig,
} from '../core';
import type { AppStore } from '../store';
import { MNIST_SUMMARY, createFakeWorker } from '../store/testing';
import { INITIAL_TRAINING } from '../store/trainingReducer';
import { BackendStatus } from './BackendStatus';
import { ConfusionMatrix } from './ConfusionMatrix';
import { Curves } from './Curves';
import { RunDetails } from './RunDetails';
import { StoreContext } from './storeContext';
import { PresetsPanel } from './PresetsPanel';
import { TrainingPanel } from './TrainingPanel';
import { VerdictPanel } from './VerdictPanel';

afterEach(cleanup);

function renderWith(store: AppStore, ui: ReactNode) {
  return render(<StoreContext.Provider value={store}>{ui}</StoreContext.Provider>);
}

/** The store as after a finished run of `config` (no worker needed for what is shown). */
function finishedRun(store: AppStore, config: RunConfig) {
  store.setState({
    system: { ...store.getState().system, status: 'ready' },
    training: {
      ...INITIAL_TRAINING,
      status: 'done',
      doneReason: 'completed',
      run: {
        type: 'run-start',
        config,
        metricKey: 'accuracy',
        metric: 'categorical_accuracy',
        trainSize: 300,
        testSize: 100,
        stepsPerEpoch: 6,
        backend: 'cpu',
        params: 101_770,
      },
    },
  });
}

const count = (text: string, part: string) => text.split(part).length - 1;

describe('verdict wording', () => {
  it('names the levels so a pitfall never reads as a correct pairing', () => {
    const { store } = createFakeWorker();
    renderWith(store, <PresetsPanel />);
    const level = (id: string) => screen.getByTestId(`preset-${id}`).dataset.level;
    const badge = (id: string) => screen.getByTestId(`preset-${id}`).textContent;
    // The textbook pairings are correct; the pitfalls that train say why they are not.
    expect(level('onehot-softmax-cce')).toBe('ok');
    expect(badge('onehot-softmax-cce')).toContain('correct');
    for (const id of ['int-sigmoid-scce', 'onehot-sigmoid-cce', 'onehot-softmax-bce']) {
      expect(level(id)).toBe('quirk');
      expect(badge(id)).toContain('TF quirk');
    }
    expect(level('error-int-cce')).toBe('error');
    expect(level('multilabel-softmax-cce')).toBe('warning');
    // Under the plain semantics the same pitfalls mislead instead.
    act(() => store.getState().setConfig({ semantics: 'plain' }));
    expect(level('int-sigmoid-scce')).toBe('warning');
    expect(badge('int-sigmoid-scce')).toContain('misleading');
  });

  it('says TensorFlow quirk, not OK, on sigmoid + SCCE, with the fix to the correct pairing', () => {
    const { store } = createFakeWorker();
    store.getState().applyPreset('int-sigmoid-scce');
    renderWith(store, <VerdictPanel />);
    expect(screen.getByTestId('verdict').dataset.level).toBe('quirk');
    expect(screen.getByTestId('verdict-level').textContent).toBe('TensorFlow quirk');
    expect(screen.getByTestId('verdict').textContent).not.toMatch(/\bOK\b/);
    expect(screen.getByRole('button', { name: 'Use a softmax output' })).toBeTruthy();
  });

  it('gives the other semantics’ level with its reason (sigmoid + SCCE)', () => {
    const { store } = createFakeWorker();
    store.getState().applyPreset('int-sigmoid-scce');
    renderWith(store, <VerdictPanel />);
    const other = checkConfig({ ...store.getState().config, semantics: 'plain' });
    expect(other.level).toBe('warning');
    const contrast = screen.getByTestId('semantics-contrast');
    expect(contrast.textContent).toContain('Misleading');
    expect(screen.getByTestId('contrast-reason').textContent).toBe(
      `${other.findings.find((f) => f.level === 'warning')!.title}.`,
    );
  });

  it('says a configuration both semantics reject is rejected, not that it computes the same loss', () => {
    const { store } = createFakeWorker();
    store.getState().applyPreset('error-int-cce');
    renderWith(store, <VerdictPanel />);
    const contrast = screen.getByTestId('semantics-contrast').textContent ?? '';
    expect(contrast).toContain('rejects it too');
    expect(contrast).not.toContain('computes the same loss');
  });

  it('shows the error explanation once, and counts the other findings in words', () => {
    const { store } = createFakeWorker();
    store.getState().applyPreset('error-int-cce');
    const { container } = renderWith(store, <VerdictPanel />);
    const verdict = checkConfig(store.getState().config);
    expect(count(container.textContent ?? '', verdict.explanation)).toBe(1);
    const summary = container.querySelector('.findings-details summary')?.textContent ?? '';
    expect(summary).toMatch(/^\d+ more findings?$/);
    expect(container.textContent).not.toMatch(/All 1 finding/);
  });

  it('says an OK configuration’s lesson once, titled', () => {
    const { store } = createFakeWorker();
    store.getState().applyPreset('onehot-sigmoid-bce');
    const { container } = renderWith(store, <VerdictPanel />);
    const verdict = checkConfig(store.getState().config);
    expect(count(container.textContent ?? '', verdict.explanation)).toBe(1);
  });
});

describe('action bar', () => {
  it('announces the verdict politely when a control changes it', () => {
    const { store } = createFakeWorker();
    renderWith(store, <TrainingPanel />);
    const live = document.getElementById('verdict-live')!;
    expect(live.getAttribute('aria-live')).toBe('polite');
    expect(live.textContent).toContain('Correct pairing');
    act(() => store.getState().setConfig({ loss: 'sparse_categorical_crossentropy' }));
    expect(live.textContent).toContain('Keras raises');
    expect(live.textContent).toContain('sparse_categorical_crossentropy needs class ids');
    expect(screen.getByTestId('verdict-chip').dataset.level).toBe('error');
  });

  it('puts the reason Train is off next to it, and keeps the button focusable', () => {
    const { store } = createFakeWorker();
    store.setState({ system: { ...store.getState().system, status: 'ready' } });
    store.getState().applyPreset('error-int-cce');
    renderWith(store, <TrainingPanel />);
    const train = screen.getByRole('button', { name: 'Train' });
    expect(train.getAttribute('aria-disabled')).toBe('true');
    expect(train.hasAttribute('disabled')).toBe(false);
    expect(screen.getByTestId('train-blocked').textContent).toBe(
      'Train is off: Keras rejects this configuration.',
    );
    fireEvent.click(train);
    expect(store.getState().training.status).toBe('idle');
  });

  it('marks results that belong to a previous configuration', () => {
    const { store } = createFakeWorker();
    finishedRun(store, { ...DEFAULT_CONFIG });
    renderWith(
      store,
      <>
        <TrainingPanel />
        <Curves />
      </>,
    );
    expect(screen.queryByTestId('stale-note')).toBeNull();
    expect(screen.queryByTestId('curves-stale')).toBeNull();
    act(() => store.getState().setConfig({ learningRate: 0.01, backend: 'wasm' }));
    expect(screen.getByTestId('stale-note').textContent).toContain('Previous run (softmax + CCE)');
    // The backend changes how fast, not what: only the learning rate is named.
    expect(screen.getByTestId('curves-stale').textContent).toBe(
      'Previous run: softmax + CCE · changed since: learning rate',
    );
  });
});

describe('backend badge', () => {
  it('names the backend that trains and only its details', () => {
    const report: BackendReport = {
      backend: 'wasm',
      reason: 'fastest measured for the MLP',
      attempts: [
        { backend: 'webgpu', ok: true, detail: 'google swiftshader (software fallback adapter)' },
        { backend: 'wasm', ok: true, detail: '222 samples/s measured; 1 thread, SIMD' },
        { backend: 'webgl', ok: false, reason: 'no WebGL2' },
      ],
      backendEpsilon: 1e-7,
    };
    render(<BackendStatus report={report} />);
    // Plain words first; the backend's name, threads and reasons open on demand.
    expect(screen.getByTestId('backend-plain').textContent).toBe('Trains on the processor');
    expect(screen.getByTestId('backend-status').hasAttribute('open')).toBe(false);
    expect(screen.getByTestId('backend-status').firstElementChild?.tagName).toBe('SUMMARY');
    expect(screen.getByTestId('backend-status').firstElementChild?.textContent).not.toMatch(
      /wasm|thread|SIMD/i,
    );
    expect(screen.getByTestId('backend-badge').textContent).toBe('wasm');
    const reason = screen.getByTestId('backend-reason').textContent ?? '';
    expect(reason).toContain('1 thread, SIMD');
    expect(reason).not.toContain('swiftshader');
  });
});

describe('backend badge before an auto run', () => {
  const device: DeviceInfo = {
    userAgent: 'test',
    tfjs: '0.0.0',
    crossOriginIsolated: false,
    cores: 2,
  };
  const mlpKey = measurementKey(device, probeSpecOf(DEFAULT_CONFIG));
  const cnnKey = measurementKey(device, probeSpecOf({ ...DEFAULT_CONFIG, model: 'cnn' }));
  /** The worker's start-up choice: WebGPU on the guess, for the spec under `key`. */
  const startup = (key: string): BackendReport => ({
    backend: 'webgpu',
    reason: 'best guess',
    attempts: [{ backend: 'webgpu', ok: true, detail: 'google swiftshader' }],
    backendEpsilon: 1e-7,
    basis: { kind: 'guess', key },
  });

  function storeWith(startedFor: string, record?: { complete: boolean }) {
    const { store } = createFakeWorker();
    store.setState({
      config: { ...DEFAULT_CONFIG, backend: 'auto' },
      system: {
        ...store.getState().system,
        status: 'ready',
        ready: {
          backend: startup(startedFor),
          dataset: MNIST_SUMMARY,
          device,
          staleMeasurements: [],
        },
      },
      measurement: {
        ...store.getState().measurement,
        device,
        records: record
          ? {
              [mlpKey]: {
                version: MEASUREMENT_VERSION,
                key: mlpKey,
                device,
                spec: probeSpecOf(DEFAULT_CONFIG),
                measuredAt: 1,
                results: [
                  { backend: 'webgpu', samplesPerSec: 900 },
                  { backend: 'wasm', samplesPerSec: 3000 },
                ],
                complete: record.complete,
              },
            }
          : {},
      },
    });
    return store;
  }

  it('shows the worker’s choice while it holds for this model', () => {
    renderWith(storeWith(mlpKey), <RunDetails />);
    const badge = screen.getByTestId('backend-badge');
    expect(badge.getAttribute('data-backend')).toBe('webgpu');
    expect(badge.getAttribute('data-basis')).toBe('guess');
  });

  it('names the measured fastest once a measurement points elsewhere', () => {
    renderWith(storeWith(mlpKey, { complete: true }), <RunDetails />);
    expect(screen.getByTestId('backend-badge').textContent).toBe('auto');
    expect(screen.getByTestId('backend-reason').textContent).toBe(
      'starts on wasm, the fastest measured on this device',
    );
  });

  it('does not name the start-up backend after the model changed', () => {
    renderWith(storeWith(cnnKey), <RunDetails />);
    expect(screen.getByTestId('backend-badge').getAttribute('data-backend')).toBe('auto');
    const reason = screen.getByTestId('backend-reason').textContent ?? '';
    expect(reason).toMatch(
      /^starts on the fastest backend measured on this device, or on the best guess/,
    );
    expect(reason).not.toMatch(/webgpu|swiftshader/);
  });
});

describe('confusion matrix colours', () => {
  it('fills non-empty cells and gives each the ink its fill needs', () => {
    const matrix = Array.from({ length: 10 }, (_, t) =>
      Array.from({ length: 10 }, (_, p) => (p === t ? 9 : p === (t + 1) % 10 ? 1 : 0)),
    );
    const { container } = render(
      <ConfusionMatrix matrix={matrix} perClass={Array.from({ length: 10 }, () => 0.9)} />,
    );
    const diagonal = container.querySelector('td.diagonal')!;
    expect(diagonal.getAttribute('data-filled')).toBe('true');
    expect(diagonal.getAttribute('data-ink-light')).toBe('white'); // dark blue
    expect(diagonal.getAttribute('data-ink-dark')).toBe('black'); // light blue
    const empty = container.querySelector('tbody tr td:nth-child(5)')!;
    expect(empty.getAttribute('data-filled')).toBeNull();
  });
});
