import { historiesCsv, toExportJson } from '../../core';
import { selectRunHistory } from '../../store';
import { CompareView } from '../compare/CompareView';
import { RunDetail } from '../compare/RunDetail';
import { downloadFile } from '../download';
import { useAppStore } from '../storeContext';
import { GridList } from './GridList';
import { RunList } from './RunList';
import { StorageNotices } from './StorageNotices';

/** Every kept run and grid: rename, delete, re-open, re-run, compare, export. */
export function HistoryView() {
  const history = useAppStore(selectRunHistory);
  const open = history.runs.find((r) => r.id === history.openRunId);
  return (
    <div className="experiments" data-testid="history-view">
      <StorageNotices />
      <section className="panel" aria-labelledby="history-heading">
        <div className="panel-title">
          <h2 id="history-heading">History</h2>
          <span className="toolbar">
            <button
              type="button"
              disabled={history.runs.length === 0}
              onClick={() =>
                downloadFile(
                  'losslab-history.json',
                  toExportJson(history.grids, history.runs),
                  'application/json',
                )
              }
            >
              Export all (JSON)
            </button>
            <button
              type="button"
              disabled={history.runs.length === 0}
              onClick={() =>
                downloadFile('losslab-histories.csv', historiesCsv(history.runs), 'text/csv')
              }
            >
              Histories (CSV)
            </button>
          </span>
        </div>
        {history.status === 'loading' && <p className="muted">Reading the history…</p>}
        <GridList />
        <RunList />
      </section>
      {open && (
        <section className="panel" aria-labelledby="run-detail-heading">
          <h2 id="run-detail-heading">{open.name}</h2>
          <RunDetail run={open} elsewhere={history.elsewhere.includes(open.id)} />
        </section>
      )}
      <CompareView />
    </div>
  );
}
