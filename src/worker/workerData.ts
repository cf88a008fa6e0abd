/**
 * Everything this worker holds of the data, by reference: the worker's one piece of state, shared
 * by ./startup.ts (which starts the default digits' download before TensorFlow.js has loaded) and
 * ./api.ts (the runs and samples that use them). Built-in files load once, whoever asks first.
 */
import { BUILTIN_DATASETS, fetchBuiltinDataset } from '../core';
import { builtInFile, builtInUrl } from './builtInData';
import { createDataRegistry } from './datasets';

export const workerData = createDataRegistry((id) =>
  fetchBuiltinDataset(
    builtInUrl(builtInFile(id), self.location.href),
    undefined,
    BUILTIN_DATASETS[id],
  ),
);
