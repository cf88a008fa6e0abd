import { useShallow } from 'zustand/react/shallow';
import { selectGrid, selectGridActions, selectGridTable } from '../../store';
import { NoticeList } from '../NoticeList';
import { StorageNotices } from '../history/StorageNotices';
import { useAppStore } from '../storeContext';
import { CellDetail } from './CellDetail';
import { GridRunPanel } from './GridRunPanel';
import { GridSetup } from './GridSetup';
import { GridTable } from './GridTable';
import { HeatMaps } from './HeatMaps';

/** What a grid link asked for that the page ignored, as text. */
function GridNotices() {
  const { notices } = useAppStore(selectGrid);
  const { dismissGridNotices } = useAppStore(useShallow(selectGridActions));
  if (notices.length === 0) return null;
  return (
    <div className="notice" role="status" data-testid="grid-notices">
      <p>The link asked for things this page ignored:</p>
      <NoticeList notices={notices} />
      <button type="button" className="link-button" onClick={dismissGridNotices}>
        Dismiss
      </button>
    </div>
  );
}

/** The experiment grid: set up, run, read the table and heat maps, open a cell. */
export function GridView() {
  const grid = useAppStore(selectGrid);
  const rows = useAppStore(selectGridTable);
  const { selectCell } = useAppStore(useShallow(selectGridActions));
  return (
    <div className="experiments" data-testid="grid-view">
      <GridNotices />
      <StorageNotices />
      <div className="layout grid-layout">
        <div className="side">
          <GridSetup />
        </div>
        <div className="main-column">
          <GridRunPanel />
          <section className="panel" aria-labelledby="grid-table-heading">
            <h2 id="grid-table-heading">Results</h2>
            <HeatMaps rows={rows} selected={grid.selectedCellId} onSelect={selectCell} />
            <GridTable
              rows={rows}
              spec={grid.spec}
              selected={grid.selectedCellId}
              onSelect={selectCell}
            />
          </section>
          <CellDetail />
        </div>
      </div>
    </div>
  );
}
