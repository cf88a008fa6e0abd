import { useShallow } from 'zustand/react/shallow';
import { selectUi, selectUiActions } from '../store';
import { NoticeList } from './NoticeList';
import { useAppStore } from './storeContext';

/**
 * What the link asked for that the page could not use, and why.
 */
export function LinkNotices() {
  const { notices } = useAppStore(selectUi);
  const { dismissNotices } = useAppStore(useShallow(selectUiActions));
  if (notices.length === 0) return null;
  return (
    <section className="notice" aria-labelledby="notice-heading" data-testid="link-notice">
      <h2 id="notice-heading">Some parts of this link were ignored</h2>
      <p className="small">The page uses the default for each of them.</p>
      <NoticeList notices={notices} />
      <button type="button" onClick={dismissNotices}>
        Dismiss
      </button>
    </section>
  );
}
