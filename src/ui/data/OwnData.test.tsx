// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeConfig } from '../../core';
import { createFakeWorker } from '../../store/testing';
import { StoreContext } from '../storeContext';
import { DataPanel } from './DataPanel';

afterEach(cleanup);

async function readyPanel() {
  const fake = createFakeWorker();
  await fake.store.getState().startWorker({ backend: 'cpu', sampleCount: 0, seed: 42 });
  render(
    <StoreContext.Provider value={fake.store}>
      <DataPanel />
    </StoreContext.Provider>,
  );
  return fake;
}

const file = (name: string, size: number) => new File([new Uint8Array(size)], name);

describe('own data in the Data panel', () => {
  it('loads chosen files, lists which is which, shows the data in use, and goes back', async () => {
    const fake = await readyPanel();
    expect(screen.getByTestId('worker-status').textContent).toBe(
      'Ready: 10,000 digits loaded from mnist-10k.bin.',
    );
    const input = screen.getByLabelText('Choose IDX files…');
    fireEvent.change(input, {
      target: { files: [file('train-images.gz', 40), file('train-labels.gz', 40)] },
    });
    await waitFor(() => expect(screen.getByTestId('own-files')).toBeTruthy());
    expect(fake.calls).toContain('loadOwnData');
    expect(screen.getByTestId('worker-status').textContent).toBe(
      'Ready: own data: 40 training images from train-images.gz, test digits split off them.',
    );
    const rows = screen.getByTestId('own-files').querySelectorAll('tbody tr');
    expect(Array.from(rows, (r) => r.textContent)).toEqual([
      'train-images.gz40 imagestraining',
      'train-labels.gz40 labelstraining',
    ]);
    act(() => {
      fireEvent.click(screen.getByRole('button', { name: 'Back to built-in MNIST' }));
    });
    await waitFor(() => expect(screen.queryByTestId('own-files')).toBeNull());
    expect(screen.getByTestId('worker-status').textContent).toContain('10,000 digits loaded');
  });

  it('refuses a file too large from its size alone, and names a file the browser cannot read', async () => {
    const fake = await readyPanel();
    // 400 MB unpacked (as the size says): refused before its body is read.
    const huge = file('huge-idx3-ubyte', 16);
    Object.defineProperty(huge, 'size', { value: 400 * 1024 * 1024 });
    let bodyRead = false;
    huge.arrayBuffer = () => ((bodyRead = true), Promise.resolve(new ArrayBuffer(0)));
    fireEvent.change(screen.getByLabelText('Choose IDX files…'), {
      target: { files: [huge, file('labels', 3)] },
    });
    await waitFor(() =>
      expect(screen.getByTestId('own-data-error').textContent).toMatch(
        /^huge-idx3-ubyte: the file is 400 MB; LossLab reads IDX files of at most 64 MB/,
      ),
    );
    expect(bodyRead).toBe(false);
    expect(fake.calls).not.toContain('loadOwnData');

    // A file that went away, or one over ~2 GB: the browser refuses to read it.
    const gone = file('gone.gz', 40);
    gone.arrayBuffer = () =>
      Promise.reject(new DOMException('The file could not be read.', 'NotReadableError'));
    fireEvent.change(screen.getByLabelText('Choose IDX files…'), {
      target: { files: [gone, file('labels', 40)] },
    });
    await waitFor(() =>
      expect(screen.getByTestId('own-data-error').textContent).toMatch(
        /^gone\.gz: the browser could not read this file \(NotReadableError: The file could not be read\.\)/,
      ),
    );
    expect(fake.store.getState().config.dataset).toEqual({ id: 'mnist' });
  });

  it("shows the worker's error and keeps the data in use", async () => {
    const fake = await readyPanel();
    fireEvent.change(screen.getByLabelText('Choose IDX files…'), {
      target: { files: [file('bad.txt', 3), file('labels', 3)] },
    });
    await waitFor(() => expect(screen.getByRole('alert').textContent).toMatch(/^bad\.txt: not an/));
    expect(fake.store.getState().system.own).toBeNull();
    expect(fake.store.getState().config.dataset).toEqual({ id: 'mnist' });
    expect(screen.queryByTestId('own-files')).toBeNull();
  });

  it('says which files a configuration on own data needs, and shows no digits of other data', async () => {
    const fake = createFakeWorker();
    fake.store
      .getState()
      .loadLink(decodeConfig('?data=own,00000000000000aa,170,0,my-digits.idx&train=100&test=50'));
    await fake.store.getState().startWorker({ backend: 'cpu', sampleCount: 8, seed: 42 });
    render(
      <StoreContext.Provider value={fake.store}>
        <DataPanel />
      </StoreContext.Provider>,
    );
    expect(screen.getByTestId('data-needed').textContent).toBe(
      'This configuration trains on own IDX files: my-digits.idx with its labels file, 170 ' +
        'training images (test digits split off them); content hash 00000000000000aa. Drop or ' +
        'choose those files below to run it, or go back to the built-in MNIST digits.',
    );
    expect(screen.queryByRole('img')).toBeNull();
    act(() => {
      fireEvent.click(screen.getByRole('button', { name: 'Back to built-in MNIST' }));
    });
    await waitFor(() => expect(screen.queryByTestId('data-needed')).toBeNull());
    expect(fake.store.getState().config.dataset).toEqual({ id: 'mnist' });
  });

  it('accepts dropped files, and not while a run uses the worker', async () => {
    const fake = await readyPanel();
    void fake.store.getState().train();
    const zone = screen.getByTestId('drop-zone');
    fireEvent.drop(zone, { dataTransfer: { files: [file('a', 2), file('b', 2)] } });
    expect(fake.calls).not.toContain('loadOwnData');
    expect(screen.getByLabelText('Choose IDX files…')).toHaveProperty('disabled', true);
  });
});
