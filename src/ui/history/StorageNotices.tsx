import { useShallow } from 'zustand/react/shallow';
import { selectHistoryActions, selectRunHistory } from '../../store';
import { useAppStore } from '../storeContext';

/** Storage errors (quota, private mode) and records that could not be read; all shown as text. */
export function StorageNotices() {
  const { error, problems, unsaved } = useAppStore(selectRunHistory);
  const { dismissStorageError } = useAppStore(useShallow(selectHistoryActions));
  if (!error && problems.length === 0) return null;
  return (
    <div className="storage-notices">
      {error && (
        <p role="alert" className="error" data-testid="storage-error">
          {error}
          {unsaved.length > 0 && ` (${unsaved.length} not saved)`}{' '}
          <button type="button" className="link-button" onClick={dismissStorageError}>
            Dismiss
          </button>
        </p>
      )}
      {problems.length > 0 && (
        <details className="warning-text" data-testid="storage-problems">
          <summary>
            {problems.length} stored record(s) could not be read and are not listed (they are left
            as they are).
          </summary>
          <ul>
            {problems.map((p) => (
              <li key={`${p.store}/${p.key}`}>
                {p.store} “{p.key}”: {p.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
