import { useShallow } from 'zustand/react/shallow';
import { planGrid, type GridSpec } from '../../core';
import { selectGridActions, selectHistoryActions, selectRunHistory } from '../../store';
import { useAppStore } from '../storeContext';
import { EditableName } from './EditableName';

const toRunCache = new WeakMap<GridSpec, number>();

/** Cells Keras accepts (planning runs checkConfig on every cell, so it is done once per spec). */
function cellsToRun(spec: GridSpec): number {
  let n = toRunCache.get(spec);
  if (n === undefined) {
    n = planGrid(spec).filter((c) => !c.skip).length;
    toRunCache.set(spec, n);
  }
  return n;
}

/** Kept grids: open (and resume) in the grid view, rename, delete with their cells. */
export function GridList() {
  const { grids } = useAppStore(selectRunHistory);
  const history = useAppStore(useShallow(selectHistoryActions));
  const { openGrid } = useAppStore(useShallow(selectGridActions));
  if (grids.length === 0) return null;
  return (
    <div className="grid-list">
      <h3>Grids</h3>
      <ul data-testid="grid-list">
        {grids.map((grid) => {
          const toRun = cellsToRun(grid.spec);
          const done = Object.keys(grid.runs).length;
          return (
            <li key={grid.id} data-testid="grid-item">
              <EditableName
                name={grid.name}
                label={grid.name}
                onRename={(n) => void history.renameGrid(grid.id, n)}
              />{' '}
              <span className="muted small">
                {done} of {toRun} cells trained ·{' '}
                {grid.status === 'done' ? 'finished' : 'interrupted'} ·{' '}
                {new Date(grid.createdAt).toLocaleString()}
              </span>{' '}
              <button
                type="button"
                onClick={() => {
                  openGrid(grid.id);
                  history.setView('grid');
                }}
              >
                {done < toRun ? 'Open to resume' : 'Open'}
              </button>{' '}
              <button type="button" onClick={() => void history.deleteGrid(grid.id)}>
                Delete
              </button>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
