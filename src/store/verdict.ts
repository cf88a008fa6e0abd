/**
 * The verdict on a configuration is derived state: computed from the config by the Keras
 * semantics core (`checkConfig`), never stored. It depends only on a few fields, and searching
 * for a fix costs a little, so answers are cached by those fields: typing a seed or a learning
 * rate does not recompute it.
 */
import { checkConfig, type RunConfig, type Verdict } from '../core';

export type { Finding, SuggestedFix, Verdict } from '../core';

const cache = new Map<string, Verdict>();
const CACHE_SIZE = 64;

const keyOf = (c: RunConfig) =>
  [c.task, c.activation, c.loss, c.fromLogits, c.labels, c.metric, c.semantics, c.batchSize].join(
    '|',
  );

export function verdictOf(config: RunConfig): Verdict {
  const key = keyOf(config);
  let verdict = cache.get(key);
  if (!verdict) {
    verdict = checkConfig(config);
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
    cache.set(key, verdict);
  }
  return verdict;
}
