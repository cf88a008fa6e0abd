// @vitest-environment jsdom
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { RECORD_VERSION, type RunRecord } from '../../core';
import { createFakeWorker } from '../../store/testing';
import { StoreContext } from '../storeContext';
import { GridRunPanel } from './GridRunPanel';

afterEach(cleanup);

/** A finished run record for a grid cell (the numbers do not matter here). */
function runOf(id: string): RunRecord {
  return {
    version: RECORD_VERSION,
    id,
    name: id,
    createdAt: 0,
    config: { ...createFakeWorker().store.getState().config },
    metricKey: 'accuracy',
    reason: 'completed',
    history: [],
    confusion: [],
    testAccuracy: 0.5,
    totalMs: 1,
    backend: 'cpu',
  };
}

describe('GridRunPanel', () => {
  it('says beside a greyed Run grid why it cannot run: the worker starting, or every cell done', async () => {
    const fake = createFakeWorker();
    render(
      <StoreContext.Provider value={fake.store}>
        <GridRunPanel />
      </StoreContext.Provider>,
    );
    const run = screen.getByTestId('grid-run');
    // A fresh tab: the worker is still starting.
    expect(run).toHaveProperty('disabled', true);
    const reason = screen.getByTestId('grid-blocker');
    expect(reason.textContent).toMatch(/worker/i);
    expect(run.getAttribute('aria-describedby')).toBe(reason.id);

    await act(() =>
      fake.store.getState().startWorker({ backend: 'auto', sampleCount: 0, seed: 42 }),
    );
    expect(run).toHaveProperty('disabled', false);
    expect(run.hasAttribute('aria-describedby')).toBe(false);
    expect(screen.queryByTestId('grid-blocker')).toBeNull();

    // Every cell trained: Run grid is greyed beside Run again, and says so.
    const { grid } = fake.store.getState();
    const runs = Object.fromEntries(
      grid.cells.filter((c) => !c.skip).map((c) => [c.id, runOf(c.id)]),
    );
    act(() => fake.store.setState({ grid: { ...grid, runs, status: 'done' } }));
    expect(screen.getByTestId('grid-run')).toHaveProperty('disabled', true);
    expect(screen.getByTestId('grid-run-reason').textContent).toBe(
      'Every cell has run. “Run again” trains them all afresh, as a new grid in the history.',
    );
    expect(screen.getByRole('button', { name: 'Run again' })).toHaveProperty('disabled', false);
  });
});
