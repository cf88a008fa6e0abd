/**
 * The service worker's state for the page: whether LossLab now works offline, and whether a new
 * version is waiting. The worker itself is generated at build time (vite.config.ts); it is
 * registered once the page is idle, so it never competes with the first screen, and never in the
 * dev server.
 */
/// <reference types="vite-plugin-pwa/vanillajs" />
import { useSyncExternalStore } from 'react';

export interface OfflineState {
  /** The app, WASM files and digits are cached: the page loads and trains offline. */
  offlineReady: boolean;
  /** A new version is installed and waits for "reload". */
  updateReady: boolean;
  /** Why the service worker could not be registered, if it could not. */
  error: string | null;
}

let state: OfflineState = { offlineReady: false, updateReady: false, error: null };
const listeners = new Set<() => void>();
let update: (() => Promise<void>) | null = null;

function patch(part: Partial<OfflineState>) {
  state = { ...state, ...part };
  listeners.forEach((listener) => listener());
}

/** The service worker's state, for components. */
export function useOfflineState(): OfflineState {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => state,
  );
}

/** Activates the waiting version and reloads the page with it. */
export function applyUpdate(): void {
  void update?.();
}

/** Registers the service worker when the page is idle (production builds only). */
export function registerServiceWorkerWhenIdle(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const register = () => {
    import('virtual:pwa-register')
      .then(({ registerSW }) => {
        update = registerSW({
          immediate: true,
          onOfflineReady: () => patch({ offlineReady: true }),
          onNeedRefresh: () => patch({ updateReady: true }),
          onRegisterError: (error: unknown) =>
            patch({ error: error instanceof Error ? error.message : String(error) }),
        });
        // A page already controlled by this version's worker works offline too.
        void navigator.serviceWorker.ready.then(() => {
          if (navigator.serviceWorker.controller) patch({ offlineReady: true });
        });
      })
      .catch((error: unknown) =>
        patch({ error: error instanceof Error ? error.message : String(error) }),
      );
  };
  const whenLoaded = () => {
    if (typeof window.requestIdleCallback === 'function') {
      window.requestIdleCallback(register, { timeout: 5000 });
    } else window.setTimeout(register, 1000);
  };
  if (document.readyState === 'complete') whenLoaded();
  else window.addEventListener('load', whenLoaded, { once: true });
}
