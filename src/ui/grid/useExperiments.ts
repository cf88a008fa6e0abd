import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import {
  selectGridActions,
  selectHistoryActions,
  selectRunHistory,
  selectSystem,
} from '../../store';
import { useAppStore } from '../storeContext';

/** Reads the run history once at start; starts a grid link's `autorun=1` once the worker is ready. */
export function useExperiments() {
  const { loadHistory } = useAppStore(useShallow(selectHistoryActions));
  const { takeGridAutorun, runGrid } = useAppStore(useShallow(selectGridActions));
  const { status } = useAppStore(selectSystem);
  const { status: historyStatus } = useAppStore(selectRunHistory);
  // Wait for the history too, so that an interrupted grid resumes from its finished cells.
  const historyRead = historyStatus === 'ready' || historyStatus === 'unavailable';
  // A grid link's autorun is set once the grid's code has loaded and read the link
  // (src/store/lazySlices.ts), which may be after the worker and the history are ready.
  const autorunPending = useAppStore((state) => state.grid.autorunPending);
  useEffect(() => {
    void loadHistory();
  }, [loadHistory]);
  useEffect(() => {
    if (status === 'ready' && historyRead && autorunPending && takeGridAutorun()) void runGrid();
  }, [status, historyRead, autorunPending, takeGridAutorun, runGrid]);
}
