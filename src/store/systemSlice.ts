import { transfer, type Remote } from 'comlink';
import type { StateCreator } from 'zustand/vanilla';
import type { BackendChoice } from '../core';
import type {
  DatasetSummary,
  SampleDigits,
  WorkerApi,
  WorkerClient,
  WorkerReady,
} from '../worker/client';
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
    /** Loading own IDX files (or going back to the built-in digits), and why it failed. */
    data: { status: 'idle' | 'loading' | 'error'; error: string | null };
  };
  /** Starts (or restarts) the worker, loads the data and initialises a backend. */
  startWorker: (options: {
    backend: BackendChoice;
    sampleCount: number;
    seed: number;
  }) => Promise<void>;
  /** The live worker client, for the slices that talk to the worker. */
  getClient: () => WorkerClient | null;
  /**
   * Sends own MNIST/Fashion-MNIST IDX files to the worker (their buffers are transferred) and uses
   * them for the following runs; on failure the data in use stays and `system.data.error` says why.
   */
  loadOwnData: (files: readonly { name: string; bytes: ArrayBuffer }[]) => Promise<void>;
  /** Uses the built-in digits again. */
  backToBuiltIn: () => Promise<void>;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export const createSystemSlice =
  (deps: StoreDeps): StateCreator<AppState, [], [], SystemSlice> =>
  (set, get) => {
    let client: WorkerClient | null = null;
    let generation = 0;
    let sampling = { count: 0, seed: 0 };
    const patchData = (data: SystemSlice['system']['data']) =>
      set({ system: { ...get().system, data } });
    /** Runs a data change in the worker, then shows the new summary and samples. */
    const changeData = async (work: (api: Remote<WorkerApi>) => Promise<DatasetSummary>) => {
      const current = client;
      const ready = get().system.ready;
      if (!current || !ready) {
        patchData({ status: 'error', error: 'The training worker is not ready yet.' });
        return;
      }
      patchData({ status: 'loading', error: null });
      try {
        const dataset = await current.call(work);
        const samples = await current.call((api) => api.getSamples(sampling));
        if (current !== client) return;
        set({
          system: {
            ...get().system,
            ready: { ...ready, dataset },
            samples,
            data: { status: 'idle', error: null },
          },
        });
      } catch (error) {
        if (current === client) patchData({ status: 'error', error: messageOf(error) });
      }
    };
    return {
      system: {
        status: 'idle',
        ready: null,
        samples: null,
        error: null,
        warnings: [],
        data: { status: 'idle', error: null },
      },
      getClient: () => client,
      loadOwnData: (files) =>
        changeData((api) =>
          api.loadOwnData(
            transfer(
              files,
              files.map((f) => f.bytes),
            ),
          ),
        ),
      backToBuiltIn: () => changeData((api) => api.backToBuiltIn()),
      async startWorker({ backend, sampleCount, seed }) {
        const mine = ++generation;
        sampling = { count: sampleCount, seed };
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
        // Read while the worker loads: `auto` starts on the best backend measured on this device.
        const measurements = get().loadMeasurements();
        try {
          const { config } = get();
          const ready = await current.call(async (api) =>
            api.init({ backend, config, measurements: await measurements }),
          );
          const samples = await current.call((api) => api.getSamples({ count: sampleCount, seed }));
          if (mine !== generation) return; // a newer start superseded this one
          get().acceptDevice(ready);
          set({ system: { ...get().system, status: 'ready', ready, samples, error: null } });
        } catch (error) {
          if (mine !== generation) return;
          // Keep what the page already had (e.g. samples from an earlier start) and add the error.
          set({ system: { ...get().system, status: 'error', error: messageOf(error) } });
        }
      },
    };
  };
