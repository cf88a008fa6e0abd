import { transfer } from 'comlink';
import type { StateCreator } from 'zustand/vanilla';
import {
  DEFAULT_DATASET_ID,
  fitSplit,
  messageOf,
  type BackendChoice,
  type BuiltinDatasetId,
  type DatasetRef,
} from '../core';
import {
  WorkerLostError,
  type DatasetSummary,
  type OwnFile,
  type SampleDigits,
  type WorkerClient,
  type WorkerReady,
} from '../worker/client';
import type { AppState, StoreDeps } from './appStore';
import { createLatest } from './runSession';
import { ownsRun } from './runOwner';

/** The worker's life: starting, ready (backend + dataset), or failed with a message. */
export interface SystemSlice {
  system: {
    status: 'idle' | 'starting' | 'ready' | 'error';
    ready: WorkerReady | null;
    /** A few images of the configuration's data (null while that data is not loaded). */
    samples: SampleDigits | null;
    error: string | null;
    /** Errors inside the running worker that it survived (e.g. in one of tfjs' helper workers). */
    warnings: string[];
    /** Why the last worker was replaced by a fresh one (it died or hung), until the next start. */
    lost: string | null;
    /** Own IDX files the worker holds (the last set loaded), if any. */
    own: DatasetSummary | null;
    /** The built-in datasets the worker has loaded and checked, by id. */
    builtins: Partial<Record<BuiltinDatasetId, DatasetSummary>>;
    /** Loading own IDX files, and why it failed; `notice`: what switching data changed. */
    data: { status: 'idle' | 'loading' | 'error'; error: string | null; notice: string | null };
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
   * Sends own MNIST/Fashion-MNIST IDX files to the worker (their buffers are transferred) and
   * makes the configuration (and the grid's base) name them; on failure (reading them included,
   * when a promise of them is passed) the data in use stays and `system.data.error` says why.
   */
  loadOwnData: (files: readonly OwnFile[] | Promise<readonly OwnFile[]>) => Promise<void>;
  /**
   * Makes the configuration (and the grid's base) use a built-in dataset (default: the default
   * one, MNIST), loading it in the worker first if it has not been.
   */
  backToBuiltIn: (id?: BuiltinDatasetId) => Promise<void>;
}

const IDLE_DATA = { status: 'idle', error: null, notice: null } as const;

/** Workers lost in a row (without one reaching ready) after which the page stops replacing them. */
export const MAX_WORKER_REPLACEMENTS = 3;

export const createSystemSlice =
  (deps: StoreDeps): StateCreator<AppState, [], [], SystemSlice> =>
  (set, get) => {
    let client: WorkerClient | null = null;
    // Starts supersede each other, and so do sample requests: only the newest may land.
    const starts = createLatest();
    const sampleRequests = createLatest();
    let sampling = { count: 0, seed: 0 };
    let lastStart: Parameters<SystemSlice['startWorker']>[0] | null = null;
    let lostInARow = 0;
    const patchSystem = (p: Partial<SystemSlice['system']>) =>
      set({ system: { ...get().system, ...p } });

    /** Samples of the configuration's data, or none while that data is not loaded. */
    const refreshSamples = async (current: WorkerClient, dataset: DatasetRef) => {
      const ticket = sampleRequests.next();
      let samples: SampleDigits | null = null;
      try {
        samples = await current.call((api) => api.getSamples({ ...sampling, dataset }));
      } catch {
        // Own files this worker does not hold: the Data panel says which to load.
      }
      if (ticket.current && current === client) patchSystem({ samples });
    };

    /** Points the configuration and the grid's base at `dataset`, shrinking sizes that no longer fit. */
    const useDataset = async (dataset: DatasetRef) => {
      const state = get();
      const config = fitSplit({ ...state.config, dataset });
      if (!ownsRun(state, 'trainer')) state.setConfig(config);
      // The grid's base follows (its code loads for it if the grid was never shown).
      if (!ownsRun(state, 'grid')) state.setGridDataset(dataset);
      const resized =
        config.trainSize !== state.config.trainSize || config.testSize !== state.config.testSize;
      patchSystem({
        data: {
          ...IDLE_DATA,
          notice: resized
            ? `Training and test sizes changed to ${config.trainSize} and ${config.testSize} to fit these images.`
            : null,
        },
      });
      if (client) await refreshSamples(client, dataset);
    };

    return {
      system: {
        status: 'idle',
        ready: null,
        samples: null,
        error: null,
        warnings: [],
        lost: null,
        own: null,
        builtins: {},
        data: IDLE_DATA,
      },
      getClient: () => client,
      async loadOwnData(files) {
        const current = client;
        if (!current || get().system.status !== 'ready') {
          Promise.resolve(files).catch(() => undefined); // not read: its failure does not matter
          patchSystem({
            data: { ...IDLE_DATA, status: 'error', error: 'The training worker is not ready yet.' },
          });
          return;
        }
        patchSystem({ data: { ...IDLE_DATA, status: 'loading' } });
        try {
          const list = await files;
          const own = await current.call((api) =>
            api.loadOwnData(
              transfer(
                list,
                list.map((f) => f.bytes),
              ),
            ),
          );
          if (current !== client) return;
          patchSystem({ own });
          await useDataset(own.ref);
        } catch (error) {
          if (current === client) {
            patchSystem({ data: { ...IDLE_DATA, status: 'error', error: messageOf(error) } });
          }
        }
      },
      async backToBuiltIn(id = DEFAULT_DATASET_ID) {
        const current = client;
        if (!current || get().system.status !== 'ready') return;
        if (!get().system.builtins[id]) {
          patchSystem({ data: { ...IDLE_DATA, status: 'loading' } });
          try {
            const summary = await current.call((api) => api.loadBuiltin(id));
            if (current !== client) return;
            patchSystem({ builtins: { ...get().system.builtins, [id]: summary } });
          } catch (error) {
            if (current === client) {
              patchSystem({ data: { ...IDLE_DATA, status: 'error', error: messageOf(error) } });
            }
            return;
          }
        }
        await useDataset({ id });
      },
      async startWorker(options) {
        const { backend, sampleCount, seed } = options;
        const ticket = starts.next();
        sampling = { count: sampleCount, seed };
        lastStart = options;
        client?.terminate();
        client = deps.createClient({
          onUncaughtError: (message) => {
            if (!ticket.current) return;
            const { warnings } = get().system;
            if (warnings.includes(message)) return;
            patchSystem({ warnings: [...warnings, message].slice(-3) });
          },
          // The client has already rejected the lost worker's calls (a run in progress ends
          // with `lost`, keeping its epochs); a fresh worker takes its place, unless workers keep
          // dying before they are ready.
          onLost: (error) => {
            if (!ticket.current || !lastStart) return;
            lostInARow++;
            if (lostInARow > MAX_WORKER_REPLACEMENTS) {
              patchSystem({ status: 'error', error: `${error.message} Reload the page.` });
              return;
            }
            patchSystem({ lost: `${error.message} A fresh worker was started in its place.` });
            void get().startWorker(lastStart);
          },
        });
        const current = client;
        // First of all: the worker starts the digits' and the WASM binary's downloads while
        // TensorFlow.js loads (a failure there is `init`'s to report).
        current.call((api) => api.prepare({ backend })).catch(() => undefined);
        // A new worker holds no own files yet.
        patchSystem({ status: 'starting', error: null, own: null, builtins: {} });
        // Read while the worker loads: `auto` starts on the best backend measured on this device.
        const measurements = get().loadMeasurements();
        try {
          const { config } = get();
          const ready = await current.call(async (api) =>
            api.init({ backend, config, measurements: await measurements }),
          );
          if (!ticket.current) return; // a newer start superseded this one
          get().acceptDevice(ready);
          const { ref } = ready.dataset;
          const builtins = ref.id === 'own' ? {} : { [ref.id]: ready.dataset };
          lostInARow = 0;
          patchSystem({ status: 'ready', ready, error: null, builtins });
          const { dataset } = get().config;
          // A link may name another built-in dataset: load it now, so the page can show it.
          if (dataset.id !== 'own' && !get().system.builtins[dataset.id]) {
            await get().backToBuiltIn(dataset.id);
          } else {
            await refreshSamples(current, dataset);
          }
        } catch (error) {
          // A lost worker is `onLost`'s to handle (replaced, or given up on with its message).
          if (!ticket.current || error instanceof WorkerLostError) return;
          // Keep what the page already had (e.g. samples from an earlier start) and add the error.
          patchSystem({ status: 'error', error: messageOf(error) });
        }
      },
    };
  };
