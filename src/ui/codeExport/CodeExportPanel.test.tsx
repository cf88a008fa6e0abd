// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeWorker } from '../../store/testing';
import { StoreContext } from '../storeContext';
import { CodeExportPanel } from './CodeExportPanel';

afterEach(cleanup);

function renderPanel() {
  const { store } = createFakeWorker();
  render(
    <StoreContext.Provider value={store}>
      <CodeExportPanel />
    </StoreContext.Provider>,
  );
  return store;
}

describe("code export: the script's data", () => {
  it("Python scripts read the page's file by default, offered for download; the framework's loader on request", () => {
    renderPanel();
    const block = screen.getByTestId('code-block');
    const link = screen.getByTestId('code-data-download');
    expect(link.getAttribute('download')).toBe('mnist-10k.bin.gz');
    expect(link.getAttribute('href')).toMatch(/mnist-10k\.bin.*\.gz$/);
    expect(block.textContent).toContain('DATA_FILE = "mnist-10k.bin.gz"');
    expect(block.textContent).toContain('callbacks=[PageOrder(batches)]');

    fireEvent.click(screen.getByRole('radio', { name: /from keras\.datasets/ }));
    expect(block.textContent).toContain('keras.datasets.mnist.load_data()');
    expect(block.textContent).not.toContain('DATA_FILE');
    expect(screen.queryByTestId('code-data-download')).toBeNull();

    // The choice holds across frameworks.
    fireEvent.click(screen.getByRole('tab', { name: 'PyTorch' }));
    expect(block.textContent).toContain('datasets.MNIST("data", train=True, download=True)');
    fireEvent.click(screen.getByRole('radio', { name: /reproduces this run/ }));
    expect(block.textContent).toContain('init_like_losslab(model)');
    expect(screen.getByTestId('code-data-download')).toBeTruthy();
  });

  it('TF.js always reads the file (no choice); multi-label scripts compose from the loader', () => {
    const store = renderPanel();
    fireEvent.click(screen.getByRole('tab', { name: 'TF.js' }));
    expect(screen.queryByRole('radio')).toBeNull();
    expect(screen.getByTestId('code-data').textContent).toContain('where DATA_URL points');

    fireEvent.click(screen.getByRole('tab', { name: 'Keras' }));
    act(() => store.getState().setConfig({ task: 'multilabel', labels: 'multihot' }));
    expect(screen.queryByRole('radio')).toBeNull();
    expect(screen.queryByTestId('code-data-download')).toBeNull();
    expect(screen.getByTestId('code-block').textContent).toContain(
      'keras.datasets.mnist.load_data()',
    );
  });
});
