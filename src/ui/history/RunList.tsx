import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { datasetLabel, finalMetrics, type RunRecord } from '../../core';
import { selectHistoryActions, selectRunHistory } from '../../store';
import { useAppStore } from '../storeContext';
import { EditableName } from './EditableName';
import { ELSEWHERE_WORD, END_WORD } from './runEnd';

const pct = (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(1)}%` : '—');

/** Kept runs, newest first: compare, open, re-run in the trainer, rename, delete. */
export function RunList() {
  const { runs, compare, unsaved, elsewhere } = useAppStore(selectRunHistory);
  const actions = useAppStore(useShallow(selectHistoryActions));
  const [withCells, setWithCells] = useState(false);
  const shown = withCells ? runs : runs.filter((r) => !r.grid);
  const rerun = (run: RunRecord) => {
    actions.setConfig(run.config);
    actions.setView('trainer');
    void actions.train();
  };
  return (
    <div className="run-list">
      <div className="panel-title">
        <h3>Runs</h3>
        <label className="inline small">
          <input
            type="checkbox"
            checked={withCells}
            onChange={(e) => setWithCells(e.target.checked)}
          />{' '}
          include grid cells
        </label>
      </div>
      {shown.length === 0 ? (
        <p className="muted">
          No runs kept yet: every run you finish is listed here, and survives a reload.
        </p>
      ) : (
        <table className="history-table" data-testid="run-list">
          <thead>
            <tr>
              <th scope="col">Compare</th>
              <th scope="col">Name</th>
              <th scope="col">When</th>
              <th scope="col">val metric</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((run) => {
              // Another tab trains it: renaming or deleting it here would be undone there.
              const live = elsewhere.includes(run.id);
              const tagId = `run-live-${run.id}`;
              return (
                <tr key={run.id} data-testid="run-item" data-run={run.id}>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`Compare ${run.name}`}
                      checked={compare.includes(run.id)}
                      onChange={() => actions.toggleCompare(run.id)}
                    />
                  </td>
                  <td>
                    {live ? (
                      <span data-testid="item-name">{run.name}</span>
                    ) : (
                      <EditableName
                        name={run.name}
                        label={run.name}
                        onRename={(n) => void actions.renameRun(run.id, n)}
                      />
                    )}
                    {live ? (
                      <span
                        className="run-end run-end-elsewhere small"
                        data-testid="run-end-tag"
                        id={tagId}
                      >
                        {' '}
                        {ELSEWHERE_WORD}
                      </span>
                    ) : (
                      run.reason !== 'completed' && (
                        <span
                          className={`run-end run-end-${run.reason} small`}
                          data-testid="run-end-tag"
                        >
                          {' '}
                          {END_WORD[run.reason]}
                        </span>
                      )
                    )}
                    {unsaved.includes(run.id) && (
                      <span className="warning-text small"> not saved</span>
                    )}
                    <span className="muted small run-data" data-testid="run-data-label">
                      {datasetLabel(run.config.dataset)}
                    </span>
                  </td>
                  <td className="small">{new Date(run.createdAt).toLocaleString()}</td>
                  <td className="tabular">
                    {pct(finalMetrics(run.history).valMetric)}{' '}
                    <span className="muted small">{run.metricKey}</span>
                  </td>
                  <td className="actions">
                    <button type="button" onClick={() => actions.openRun(run.id)}>
                      Open
                    </button>
                    <button type="button" onClick={() => rerun(run)}>
                      Re-run
                    </button>
                    <button
                      type="button"
                      disabled={live}
                      aria-describedby={live ? tagId : undefined}
                      onClick={() => void actions.deleteRun(run.id)}
                    >
                      Delete
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </div>
  );
}
