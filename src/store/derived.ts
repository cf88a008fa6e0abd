/**
 * What the store derives and caches, one set per store instance (never shared between stores,
 * as module-level caches were): the verdict by its fields, the grid's table and the runs chosen
 * for comparison by the identity of what they are built from. The grid's table is built by the
 * grid's code, which loads on first use (./lazySlices.ts): it puts its cache here then.
 */
import type { RunConfig, RunRecord, TableRow, Verdict } from '../core';
import type { GridState } from './gridSlice';
import type { HistoryState } from './historySlice';
import { createVerdictCache } from './verdict';

export interface Derived {
  verdict: (config: RunConfig) => Verdict;
  /** The grid's table rows, in run order (none until the grid's code has loaded). */
  gridTable: (grid: Pick<GridState, 'cells' | 'runs' | 'currentCellId'>) => TableRow[];
  /** The runs chosen for comparison, in the order chosen. */
  compareRuns: (history: Pick<HistoryState, 'runs' | 'compare'>) => RunRecord[];
}

/** `compute` re-run only when one of the inputs `keys` picks changes identity. */
export function lastValue<A, R>(
  keys: (a: A) => readonly unknown[],
  compute: (a: A) => R,
): (a: A) => R {
  let last: readonly unknown[] | null = null;
  let value: R;
  return (a) => {
    const next = keys(a);
    if (!last || next.some((k, i) => k !== last?.[i])) {
      value = compute(a);
      last = next;
    }
    return value;
  };
}

/** One array, so that a selector reading it returns the same value each time. */
const NO_ROWS: TableRow[] = [];

export function createDerived(): Derived {
  return {
    verdict: createVerdictCache(),
    gridTable: () => NO_ROWS,
    compareRuns: lastValue(
      (h) => [h.runs, h.compare],
      (h) => {
        const byId = new Map(h.runs.map((r) => [r.id, r]));
        return h.compare.flatMap((id) => byId.get(id) ?? []);
      },
    ),
  };
}
