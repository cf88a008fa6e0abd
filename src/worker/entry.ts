/**
 * The worker's entry: it exposes the API (./startup.ts: TensorFlow.js loads behind it), says it
 * has loaded and keeps saying it lives.
 */
import { expose } from 'comlink';
import { announceWorker } from './protocol';
import { workerApi } from './startup';

expose(workerApi);
announceWorker();
