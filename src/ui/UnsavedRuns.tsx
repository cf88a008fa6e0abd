import { toExportJson, type RunRecord } from '../core';
import { selectRunHistory } from '../store';
import { downloadFile } from './download';
import { useAppStore } from './storeContext';

/**
 * Where the run is, a save that failed (storage blocked, or full): what was not saved and a JSON
 * download of it (the History tab's export format), before a reload loses it.
 */
export function UnsavedRuns() {
  const { error, unsaved, unsavedProgress, runs } = useAppStore(selectRunHistory);
  const finished = runs.filter((run) => unsaved.includes(run.id) && !run.grid);
  const pending =
    unsavedProgress && !runs.some((run) => run.id === unsavedProgress.id) ? [unsavedProgress] : [];
  const lost: RunRecord[] = [...pending, ...finished];
  if (lost.length === 0) return null;
  const what =
    lost.length === 1
      ? pending.length === 1
        ? `The run in progress (${unsavedProgress?.history.length ?? 0} epochs so far) is not saved`
        : 'The last run is not saved'
      : `${lost.length} runs are not saved`;
  return (
    <div role="alert" className="error unsaved-runs" data-testid="unsaved-runs">
      <p>
        {what}: a reload or a closed tab will lose {lost.length === 1 ? 'it' : 'them'}.{' '}
        {error ?? ''}
      </p>
      <button
        type="button"
        onClick={() =>
          downloadFile('losslab-unsaved-runs.json', toExportJson([], lost), 'application/json')
        }
      >
        Download {lost.length === 1 ? 'it' : 'them'} (JSON)
      </button>
    </div>
  );
}
