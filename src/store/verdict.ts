/**
 * The verdict on a configuration is derived state: computed from the config by the Keras
 * semantics core (`checkConfig`), never stored. Searching for a fix costs a little, so each store
 * caches answers by the fields the verdict depends on — `VERDICT_FIELDS`, derived from the field
 * table, and the data's classes — and hands `checkConfig` only those fields and the data: a field
 * it read but the key lacked would be missing (and caught by the tests), never silently stale.
 * Typing a seed or a learning rate does not recompute it.
 */
import {
  VERDICT_FIELDS,
  checkConfig,
  classCountOf,
  configKey,
  nounOf,
  pickFields,
  type RunConfig,
  type Verdict,
} from '../core';

export type { Finding, Verdict } from '../core';

/**
 * The verdict cache key of a configuration: the verdict fields' link values, and what the verdict
 * reads of the data (its class count K and the word for an image), so datasets of the same
 * classes (MNIST and own IDX files) share answers.
 */
export const verdictKey = (config: RunConfig): string =>
  `${configKey(config, VERDICT_FIELDS)}&classes=${classCountOf(config.dataset)}:${nounOf(config.dataset).one}`;

/** A verdict function with its own cache of the `size` most recent configurations. */
export function createVerdictCache(size = 64): (config: RunConfig) => Verdict {
  const cache = new Map<string, Verdict>();
  return (config) => {
    const key = verdictKey(config);
    let verdict = cache.get(key);
    if (!verdict) {
      verdict = checkConfig({ ...pickFields(config, VERDICT_FIELDS), dataset: config.dataset });
      if (cache.size >= size) cache.delete(cache.keys().next().value as string);
      cache.set(key, verdict);
    }
    return verdict;
  };
}
