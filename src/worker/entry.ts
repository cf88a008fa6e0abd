/** The worker's entry: it only exposes the API object (everything else lives in ./api.ts). */
import { expose } from 'comlink';
import { api } from './api';

expose(api);
