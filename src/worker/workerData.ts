/**
 * Everything this worker holds of the data, by reference: the worker's one piece of state, shared
 * by ./startup.ts (which starts the default digits' download before TensorFlow.js has loaded) and
 * ./api.ts (the runs and samples that use them). Built-in files load once, whoever asks first,
 * and are checked on a thread of their own (./digitsThread.ts).
 */
import { builtInFile, builtInUrl } from './builtInData';
import { createDataRegistry } from './datasets';
import { fetchCheckedDigits } from './digitsThread';

export const workerData = createDataRegistry((id) =>
  fetchCheckedDigits(builtInUrl(builtInFile(id), self.location.href), id),
);
