import { useShallow } from 'zustand/react/shallow';
import {
  cellLabel,
  datasetLabel,
  encodeGridLink,
  gridProgress,
  gridTableCsv,
  gridTableMarkdown,
  historiesCsv,
  listedDimensions,
  toExportJson,
} from '../../core';
import {
  selectGrid,
  selectGridActions,
  selectGridBlocker,
  selectGridBusy,
  selectRunOwner,
  selectGridTable,
} from '../../store';
import { downloadFile, fileStem } from '../download';
import { STAGE_TEXT } from '../stageText';
import { useAppStore } from '../storeContext';
import { useCopy } from '../useCopy';

const STATUS_TEXT = {
  idle: 'Not run yet.',
  running: 'Running…',
  stopping: 'Stopping after discarding the cell in progress…',
  stopped: 'Stopped: resume to train the remaining cells.',
  done: 'Finished.',
  error: 'Stopped by an error.',
} as const;

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Run, stop and resume the grid; progress of the grid and of its current cell; exports. */
export function GridRunPanel() {
  const grid = useAppStore(selectGrid);
  const rows = useAppStore(selectGridTable);
  const blocker = useAppStore(selectGridBlocker);
  const busy = useAppStore(selectGridBusy);
  const owner = useAppStore(selectRunOwner);
  const canRun = blocker === null;
  const alarming = owner !== null || grid.spec.base.dataset.id === 'own';
  const { runGrid, stopGrid, detachGrid } = useAppStore(useShallow(selectGridActions));
  const [linkCopy, copyLink] = useCopy();
  const [mdCopy, copyMd] = useCopy();
  const { toRun, finished, skipped } = gridProgress(rows);
  const allDone = finished === toRun && toRun > 0;
  // A greyed Run always says why, beside it: the worker still starting, another run holding it,
  // or every cell already trained.
  const reason = busy
    ? null
    : (blocker ??
      (allDone
        ? 'Every cell has run. “Run again” trains them all afresh, as a new grid in the history.'
        : null));
  const progress = grid.current.progress;
  const dims = listedDimensions(grid.spec);
  const runs = Object.values(grid.runs);
  const name = fileStem(grid.record?.name ?? 'losslab-grid');
  const resuming = finished > 0 && finished < toRun;
  const markdown = gridTableMarkdown(rows, dims);
  const current = grid.cells.find((c) => c.id === grid.currentCellId);
  const link = `${window.location.origin}${window.location.pathname}?${encodeGridLink(grid.spec)}`;
  return (
    <section className="panel grid-run-panel" aria-labelledby="grid-run-heading">
      <div className="panel-title">
        <h2 id="grid-run-heading">Run</h2>
        <span className="toolbar">
          {grid.status === 'running' || grid.status === 'stopping' ? (
            <button
              type="button"
              onClick={() => void stopGrid()}
              disabled={grid.status === 'stopping'}
              data-testid="grid-stop"
            >
              Stop grid
            </button>
          ) : (
            <>
              <button
                type="button"
                className="primary"
                disabled={!canRun || allDone}
                aria-describedby={reason ? 'grid-run-reason' : undefined}
                onClick={() => void runGrid()}
                data-testid="grid-run"
              >
                {resuming ? `Resume (${finished} of ${toRun} done)` : 'Run grid'}
              </button>
              {finished > 0 && (
                <button
                  type="button"
                  disabled={!canRun}
                  title="Train every cell again, as a new grid in the history"
                  onClick={() => {
                    detachGrid();
                    void runGrid();
                  }}
                >
                  Run again
                </button>
              )}
            </>
          )}
        </span>
      </div>
      <p role="status" data-testid="grid-status" data-status={grid.status}>
        {STATUS_TEXT[grid.status]} {plural(rows.length, 'cell', 'cells')}: {toRun} to train,{' '}
        {skipped} that Keras rejects (not run).
      </p>
      <p className="small" data-testid="grid-data">
        Data: {datasetLabel(grid.spec.base.dataset)}
      </p>
      {reason && (
        <p
          id="grid-run-reason"
          role={alarming ? 'alert' : undefined}
          className={alarming ? 'warning-text' : 'muted small'}
          data-testid={blocker ? 'grid-blocker' : 'grid-run-reason'}
        >
          {reason}
        </p>
      )}
      {grid.error && (
        <p role="alert" className="error">
          {grid.error}
        </p>
      )}
      <label className="progress-line">
        Grid <progress max={Math.max(toRun, 1)} value={finished} data-testid="grid-progress" />{' '}
        {finished}/{toRun}
      </label>
      {current && (grid.status === 'running' || grid.status === 'stopping') && (
        <label className="progress-line" data-testid="grid-current-cell">
          Cell {cellLabel(current, dims) || 'the base'}{' '}
          <progress
            max={Math.max(1, (progress?.epochs ?? 1) * (progress?.batches ?? 1))}
            value={progress ? (progress.epoch - 1) * progress.batches + progress.batch : 0}
            data-testid="cell-progress"
          />{' '}
          {progress
            ? `epoch ${progress.epoch} of ${progress.epochs}`
            : grid.current.stage
              ? STAGE_TEXT[grid.current.stage]
              : 'Starting…'}
        </label>
      )}
      <div className="toolbar export-bar">
        <button type="button" onClick={() => void copyLink(link)} data-testid="grid-copy-link">
          {linkCopy === 'copied' ? 'Link copied' : 'Copy grid link'}
        </button>
        <button
          type="button"
          data-testid="export-csv"
          onClick={() => downloadFile(`${name}.csv`, gridTableCsv(rows, dims), 'text/csv')}
        >
          Table (CSV)
        </button>
        <button
          type="button"
          disabled={runs.length === 0}
          onClick={() => downloadFile(`${name}-histories.csv`, historiesCsv(runs), 'text/csv')}
        >
          Histories (CSV)
        </button>
        <button
          type="button"
          disabled={!grid.record}
          onClick={() =>
            grid.record &&
            downloadFile(`${name}.json`, toExportJson([grid.record], runs), 'application/json')
          }
        >
          Grid + runs (JSON)
        </button>
        <button type="button" data-testid="copy-markdown" onClick={() => void copyMd(markdown)}>
          {mdCopy === 'copied' ? 'Table copied' : 'Copy table (Markdown)'}
        </button>
      </div>
      {(linkCopy === 'failed' || mdCopy === 'failed') && (
        <textarea
          readOnly
          className="copy-fallback"
          aria-label="Copy this text by hand"
          value={linkCopy === 'failed' ? link : markdown}
          onFocus={(e) => e.target.select()}
        />
      )}
    </section>
  );
}
