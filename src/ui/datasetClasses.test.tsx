// @vitest-environment jsdom
/**
 * The results, the sample images and the task's problem name the classes as the run's dataset
 * names them: the clothes dataset's six garments, MNIST's digits as before.
 */
import { act, cleanup, render, screen, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type RunConfig, type RunResult } from '../core';
import type { AppStore } from '../store';
import { createFakeWorker, emptyResult } from '../store/testing';
import { INITIAL_TRAINING } from '../store/trainingReducer';
import { DataPanel } from './data/DataPanel';
import { DigitGrid } from './DigitGrid';
import { Results } from './Results';
import { StoreContext } from './storeContext';

afterEach(cleanup);

const GARMENTS = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Shirt'];

function renderWith(store: AppStore, ui: ReactNode) {
  return render(<StoreContext.Provider value={store}>{ui}</StoreContext.Provider>);
}

/** A finished six-class run: every Trouser right, one Shirt taken for a T-shirt/top. */
function result(): RunResult {
  const confusion = GARMENTS.map((_, t) => GARMENTS.map((__, p): number => (t === p ? 10 : 0)));
  confusion[5]![5] = 9;
  confusion[5]![0] = 1;
  const outputs = [0.05, 0.75, 0.05, 0.05, 0.05, 0.05];
  return {
    ...emptyResult(),
    confusion,
    perClassAccuracy: confusion.map((row, k) => (row[k] ?? 0) / 10),
    testAccuracy: 59 / 60,
    samples: [
      {
        index: 0,
        label: 1,
        predicted: 1,
        logits: outputs.map(Math.log),
        outputs,
        pixels: new Array<number>(784).fill(0),
      },
    ],
  };
}

function finishedRun(store: AppStore, config: RunConfig) {
  store.setState({
    training: {
      ...INITIAL_TRAINING,
      status: 'done',
      doneReason: 'completed',
      result: result(),
      run: {
        type: 'run-start',
        config,
        metricKey: 'accuracy',
        metric: 'categorical_accuracy',
        trainSize: 300,
        testSize: 60,
        stepsPerEpoch: 6,
        backend: 'cpu',
        params: 12_662,
      },
    },
  });
}

describe('a dataset whose classes are not digits', () => {
  it('shows its class names in the results: the matrix, the caption and the gallery', () => {
    const { store } = createFakeWorker();
    finishedRun(store, { ...DEFAULT_CONFIG, dataset: { id: 'clothes' } });
    renderWith(store, <Results />);
    expect(screen.getByRole('heading', { name: 'Results on the test garments' })).toBeTruthy();
    expect(screen.getByText(/argmax of the output vs the true garment/)).toBeTruthy();
    const matrix = screen.getByTestId('confusion-matrix');
    const columns = within(matrix)
      .getAllByRole('columnheader')
      .map((th) => th.textContent);
    expect(columns).toEqual(['true \\ predicted', ...GARMENTS, 'acc.']);
    expect(
      within(matrix)
        .getAllByRole('rowheader')
        .map((th) => th.textContent),
    ).toEqual(GARMENTS);
    expect(within(matrix).getByTitle('true Shirt, predicted T-shirt/top: 1 of 10')).toBeTruthy();
    expect(matrix.querySelector('caption')?.textContent).toContain('rows are the true garment');
    const prediction = screen.getByTestId('prediction');
    expect(prediction.textContent).toContain('true Trouser');
    expect(prediction.textContent).toContain('predicted Trouser ✓');
    expect(within(prediction).getByRole('img').getAttribute('aria-label')).toBe(
      'Test image, true Trouser',
    );
  });

  it("keeps MNIST's digits as they were", () => {
    const { store } = createFakeWorker();
    finishedRun(store, DEFAULT_CONFIG);
    renderWith(store, <Results />);
    expect(screen.getByRole('heading', { name: 'Results on the test digits' })).toBeTruthy();
    const matrix = screen.getByTestId('confusion-matrix');
    expect(
      within(matrix)
        .getAllByRole('rowheader')
        .map((th) => th.textContent),
    ).toEqual(['0', '1', '2', '3', '4', '5']);
    expect(screen.getByTestId('prediction').textContent).toContain('true 1');
  });

  it('captions sample images with their class names', () => {
    renderWith(
      createFakeWorker().store,
      <DigitGrid
        samples={{
          dataset: { id: 'clothes' },
          rows: 28,
          cols: 28,
          images: new Uint8Array(2 * 784),
          labels: [3, 5],
          indices: [7, 8],
        }}
      />,
    );
    expect(screen.getAllByRole('figure').map((f) => f.textContent)).toEqual(['Dress', 'Shirt']);
    expect(screen.getByRole('img', { name: 'Garment Shirt' })).toBeTruthy();
  });

  it('says in the Data panel why the binary task cannot run on it', async () => {
    const { store } = createFakeWorker();
    await act(async () => {
      store.getState().setConfig({ dataset: { id: 'clothes' }, task: 'binary' });
      await Promise.resolve();
    });
    renderWith(store, <DataPanel />);
    expect(screen.getByTestId('task-problem').textContent).toContain(
      'The binary task asks about digits',
    );
    act(() => store.getState().setConfig({ task: 'multiclass' }));
    expect(screen.queryByTestId('task-problem')).toBeNull();
  });
});
