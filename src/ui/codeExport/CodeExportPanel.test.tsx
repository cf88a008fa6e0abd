// @vitest-environment jsdom
import { gunzipSync } from 'node:zlib';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
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
    expect(
      screen.getByRole('radio', { name: "Reproduce this page's numbers (needs the data file)" }),
    ).toHaveProperty('checked', true);
    const link = screen.getByTestId('code-data-download');
    expect(link.getAttribute('download')).toBe('mnist-10k.bin.gz');
    expect(link.getAttribute('href')).toMatch(/mnist-10k\.bin.*\.gz$/);
    expect(block.textContent).toContain('DATA_FILE = "mnist-10k.bin.gz"');
    expect(block.textContent).toContain('callbacks=[PageOrder(batches)]');

    fireEvent.click(
      screen.getByRole('radio', { name: 'Paste into Colab (loads MNIST with keras.datasets)' }),
    );
    expect(block.textContent).toContain('keras.datasets.mnist.load_data()');
    expect(block.textContent).not.toContain('DATA_FILE');
    expect(screen.queryByTestId('code-data-download')).toBeNull();

    // The choice holds across frameworks.
    fireEvent.click(screen.getByRole('tab', { name: 'PyTorch' }));
    expect(block.textContent).toContain('datasets.MNIST("data", train=True, download=True)');
    expect(
      screen.getByRole('radio', { name: 'Paste into Colab (loads MNIST with torchvision)' }),
    ).toBeTruthy();
    fireEvent.click(
      screen.getByRole('radio', { name: "Reproduce this page's numbers (needs the data file)" }),
    );
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

  it('saves the data file as gzip under its .gz name when the browser hands over decoded bytes', async () => {
    // A server that sends the file with Content-Encoding: gzip: fetch returns the decoded bytes.
    const raw = new Uint8Array([0x4c, 0x4c, 0x4d, 0x4e, 1, 0, 0, 0, 9, 9]);
    const saved: { name: string; blob: Blob }[] = [];
    const blobs = new Map<string, Blob>();
    vi.stubGlobal(
      'fetch',
      vi.fn(() => Promise.resolve(new Response(raw))),
    );
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      blobs.set('blob:1', blob as Blob);
      return 'blob:1';
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      saved.push({ name: this.download, blob: blobs.get(this.getAttribute('href') ?? '')! });
    });
    try {
      renderPanel();
      fireEvent.click(screen.getByTestId('code-data-download'));
      await waitFor(() => expect(saved).toHaveLength(1));
      expect(saved[0]!.name).toBe('mnist-10k.bin.gz');
      const bytes = new Uint8Array(await saved[0]!.blob.arrayBuffer());
      expect([bytes[0], bytes[1]]).toEqual([0x1f, 0x8b]);
      expect(new Uint8Array(gunzipSync(bytes))).toEqual(raw);
    } finally {
      vi.unstubAllGlobals();
      vi.restoreAllMocks();
    }
  });

  it('says on the page when the data file cannot be fetched', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(() => Promise.resolve(new Response('', { status: 404 }))),
    );
    try {
      renderPanel();
      fireEvent.click(screen.getByTestId('code-data-download'));
      expect((await screen.findByTestId('code-data-problem')).textContent).toBe(
        'Could not download mnist-10k.bin.gz: the server answered 404. Try again, or reload the page.',
      );
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
