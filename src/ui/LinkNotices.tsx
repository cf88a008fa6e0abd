import { useShallow } from 'zustand/react/shallow';
import { summariseNotices } from '../core';
import { selectUi, selectUiActions } from '../store';
import { useAppStore } from './storeContext';

/**
 * What the link asked for that the page could not use, and why. Keys and values are shown as
 * plain text (React escapes them); the codec has already escaped control characters and capped
 * their length.
 */
export function LinkNotices() {
  const { notices } = useAppStore(selectUi);
  const { dismissNotices } = useAppStore(useShallow(selectUiActions));
  if (notices.length === 0) return null;
  const summary = summariseNotices(notices);
  return (
    <section className="notice" aria-labelledby="notice-heading" data-testid="link-notice">
      <h2 id="notice-heading">Some parts of this link were ignored</h2>
      <p className="small">The page uses the default for each of them.</p>
      <ul>
        {summary.shown.map(({ notice, count }, i) => (
          <li key={i}>
            <code>{notice.key}</code>
            {notice.value !== '' && (
              <>
                {' = '}
                <code>{notice.value}</code>
              </>
            )}
            : {notice.reason}
            {count > 1 && ` (${count.toLocaleString('en')} times)`}
          </li>
        ))}
        {summary.more > 0 && <li>…and {summary.more.toLocaleString('en')} more.</li>}
      </ul>
      <button type="button" onClick={dismissNotices}>
        Dismiss
      </button>
    </section>
  );
}
