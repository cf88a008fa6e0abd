import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { AppState, AppStore, UrlSync } from '../store';

export const StoreContext = createContext<AppStore | null>(null);

/** Reads a slice of the app store; the component re-renders only when that slice changes. */
export function useAppStore<T>(selector: (state: AppState) => T): T {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useAppStore must be used inside <StoreContext.Provider>.');
  return useStore(store, selector);
}

/** The page's link (for "Copy link"); absent in component tests that do not need it. */
export const UrlSyncContext = createContext<UrlSync | null>(null);

export function useUrlSync(): UrlSync | null {
  return useContext(UrlSyncContext);
}
