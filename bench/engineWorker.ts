/**
 * The app's training worker (src/worker/api.ts, the same API object src/worker/entry.ts exposes)
 * with a WASM thread count taken from the worker's name: the benchmark's one-thread rows.
 */
import { expose } from 'comlink';
import { api } from '../src/worker/api';
import { announceWorker } from '../src/worker/protocol';
import { applyVariantFromName } from './threads';

applyVariantFromName();
expose(api);
announceWorker();
