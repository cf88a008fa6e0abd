// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
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
      'Ready: 10,000 digits loaded from data/mnist-10k.bin.',
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

  it("shows the worker's error and keeps the data in use", async () => {
    const fake = await readyPanel();
    fireEvent.change(screen.getByLabelText('Choose IDX files…'), {
      target: { files: [file('bad.txt', 3), file('labels', 3)] },
    });
    await waitFor(() => expect(screen.getByRole('alert').textContent).toMatch(/^bad\.txt: not an/));
    expect(fake.store.getState().system.ready?.dataset.own).toBeUndefined();
    expect(screen.queryByTestId('own-files')).toBeNull();
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
