/**
 * The app's one store, built by a factory so that every test gets a fresh one. Slices own their
 * part of the state; the worker client is injected so tests can replace it.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { createWorkerClient, type WorkerClient } from '../worker/client';
import { createSystemSlice, type SystemSlice } from './systemSlice';

export type AppState = SystemSlice;

export interface StoreDeps {
  createClient: () => WorkerClient;
}

export type AppStore = StoreApi<AppState>;

export function createAppStore(
  deps: StoreDeps = { createClient: () => createWorkerClient() },
): AppStore {
  return createStore<AppState>()((...args) => ({
    ...createSystemSlice(deps)(...args),
  }));
}
