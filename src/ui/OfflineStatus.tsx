import { applyUpdate, useOfflineState } from './offline';

/**
 * One line about the service worker: that LossLab now works offline, or that a new version is
 * ready (with the button that switches to it). Nothing while neither is true.
 */
export function OfflineStatus() {
  const { offlineReady, updateReady } = useOfflineState();
  if (updateReady) {
    return (
      <p className="notice offline-status" role="status" data-testid="update-ready">
        A new version of LossLab is ready.{' '}
        <button type="button" onClick={applyUpdate}>
          Reload to use it
        </button>
      </p>
    );
  }
  if (!offlineReady) return null;
  return (
    <p className="muted small offline-status" data-testid="offline-ready">
      Works offline: the app, its WASM files and the digits are stored in this browser.
    </p>
  );
}
