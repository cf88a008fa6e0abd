import type { StateCreator } from 'zustand/vanilla';
import type { BackendChoice } from '../core';
import type { SampleDigits, WorkerClient, WorkerReady } from '../worker/client';
import type { AppState, StoreDeps } from './appStore';

/** The worker's life: starting, ready (backend + dataset), or failed with a message. */
export interface SystemSlice {
  system: {
    status: 'idle' | 'starting' | 'ready' | 'error';
    ready: WorkerReady | null;
    samples: SampleDigits | null;
    error: string | null;
    /** Errors inside the running worker that it survived (e.g. in one of tfjs' helper workers). */
    warnings: string[];
  };
  /** Starts (or restarts) the worker, loads the data and initialises a backend. */
  startWorker: (options: {
    backend: BackendChoice;
    sampleCount: number;
    seed: number;
  }) => Promise<void>;
  /** The live worker client, for the slices that talk to the worker. */
  getClient: () => WorkerClient | null;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export const createSystemSlice =
  (deps: StoreDeps): StateCreator<AppState, [], [], SystemSlice> =>
  (set, get) => {
    let client: WorkerClient | null = null;
    let generation = 0;
    return {
      system: { status: 'idle', ready: null, samples: null, error: null, warnings: [] },
      getClient: () => client,
      async startWorker({ backend, sampleCount, seed }) {
        const mine = ++generation;
        client?.terminate();
        client = deps.createClient({
          onUncaughtError: (message) => {
            if (mine !== generation) return;
            const { warnings } = get().system;
            if (warnings.includes(message)) return;
            set({ system: { ...get().system, warnings: [...warnings, message].slice(-3) } });
          },
        });
        const current = client;
        set({ system: { ...get().system, status: 'starting', error: null } });
        try {
          const ready = await current.call((api) => api.init({ backend }));
          const samples = await current.call((api) => api.getSamples({ count: sampleCount, seed }));
          if (mine !== generation) return; // a newer start superseded this one
          set({ system: { ...get().system, status: 'ready', ready, samples, error: null } });
        } catch (error) {
          if (mine !== generation) return;
          // Keep what the page already had (e.g. samples from an earlier start) and add the error.
          set({ system: { ...get().system, status: 'error', error: messageOf(error) } });
        }
      },
    };
  };
