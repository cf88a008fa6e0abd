// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type BackendReport, type RunConfig } from '../core';
import { verdictOf, type AppStore } from '../store';
import { createFakeWorker } from '../store/testing';
import { INITIAL_TRAINING } from '../store/trainingReducer';
import { BackendStatus } from './BackendStatus';
import { ConfusionMatrix } from './ConfusionMatrix';
import { Curves } from './Curves';
import { StoreContext } from './storeContext';
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
  it('gives the other semantics’ level with its reason (sigmoid + SCCE)', () => {
    const { store } = createFakeWorker();
    store.getState().applyPreset('int-sigmoid-scce');
    renderWith(store, <VerdictPanel />);
    const other = verdictOf({ ...store.getState().config, semantics: 'plain' });
    expect(other.level).toBe('warning');
    const contrast = screen.getByTestId('semantics-contrast');
    expect(contrast.textContent).toContain('Warning');
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
    const verdict = verdictOf(store.getState().config);
    expect(count(container.textContent ?? '', verdict.explanation)).toBe(1);
    const summary = container.querySelector('.findings-details summary')?.textContent ?? '';
    expect(summary).toMatch(/^\d+ more findings?$/);
    expect(container.textContent).not.toMatch(/All 1 finding/);
  });

  it('says an OK configuration’s lesson once, titled', () => {
    const { store } = createFakeWorker();
    store.getState().applyPreset('onehot-sigmoid-bce');
    const { container } = renderWith(store, <VerdictPanel />);
    const verdict = verdictOf(store.getState().config);
    expect(count(container.textContent ?? '', verdict.explanation)).toBe(1);
  });
});

describe('action bar', () => {
  it('announces the verdict politely when a control changes it', () => {
    const { store } = createFakeWorker();
    renderWith(store, <TrainingPanel />);
    const live = document.getElementById('verdict-live')!;
    expect(live.getAttribute('aria-live')).toBe('polite');
    expect(live.textContent).toContain('OK');
    act(() => store.getState().setConfig({ loss: 'sparse_categorical_crossentropy' }));
    expect(live.textContent).toContain('Error');
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
    expect(screen.getByTestId('backend-badge').textContent).toBe('wasm');
    const reason = screen.getByTestId('backend-reason').textContent ?? '';
    expect(reason).toContain('1 thread, SIMD');
    expect(reason).not.toContain('swiftshader');
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
