/** The worker's entry: it exposes the API object, says it has loaded and keeps saying it lives. */
import { expose } from 'comlink';
import { api } from './api';
import { HEARTBEAT_INTERVAL_MS, WORKER_HEARTBEAT, WORKER_LOADED } from './protocol';

expose(api);
self.postMessage(WORKER_LOADED);
// A timer task: it runs only while the training loop yields, so a hung loop falls silent.
setInterval(() => self.postMessage(WORKER_HEARTBEAT), HEARTBEAT_INTERVAL_MS);
