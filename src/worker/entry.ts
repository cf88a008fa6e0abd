/** The worker's entry: it exposes the API object and says it has loaded (see ./client.ts). */
import { expose } from 'comlink';
import { api } from './api';
import { WORKER_LOADED } from './protocol';

expose(api);
self.postMessage(WORKER_LOADED);
