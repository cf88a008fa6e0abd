/** The worker's entry: it exposes the API object, says it has loaded and keeps saying it lives. */
import { expose } from 'comlink';
import { api } from './api';
import { announceWorker } from './protocol';

expose(api);
announceWorker();
