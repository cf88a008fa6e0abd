import { describe, expect, it } from 'vitest';
import {
  FIELD_NAMES,
  VERDICT_FIELDS,
  checkConfig,
  type ConfigField,
  type RunConfig,
} from '../core';
import { randomConfig } from '../test/randomConfig';
import { createVerdictCache, verdictKey } from './verdict';

/** A configuration that differs from `config` in `field` only. */
function changed(config: RunConfig, field: ConfigField, seed: number): RunConfig {
  for (let s = seed; s < seed + 50; s++) {
    const other = randomConfig(s);
    if (JSON.stringify(other[field]) !== JSON.stringify(config[field])) {
      return { ...config, [field]: other[field] };
    }
  }
  throw new Error(`no other value for ${field}`);
}

describe('the verdict cache', () => {
  it('is keyed by exactly the fields the field table marks as verdict fields', () => {
    const base = randomConfig(1);
    FIELD_NAMES.forEach((field, i) => {
      const other = changed(base, field, 100 + i * 50);
      const same = verdictKey(other) === verdictKey(base);
      expect([field, same]).toEqual([
        field,
        !(VERDICT_FIELDS as readonly string[]).includes(field),
      ]);
    });
  });

  it('gives checkConfig only the verdict fields, and its answer is the answer on the whole configuration', () => {
    // If checkConfig read a field outside the key, the cached answer would differ from the
    // answer on the whole configuration (the field would be missing), and this would fail.
    const verdictOf = createVerdictCache();
    for (let seed = 0; seed < 150; seed++) {
      const config = randomConfig(seed);
      // Batch sizes where shapes broadcast by accident (1, and K = 10) matter: include them.
      const batchSize = seed % 3 === 0 ? 1 : seed % 3 === 1 ? 10 : config.batchSize;
      const full = { ...config, batchSize };
      expect(verdictOf(full)).toEqual(checkConfig(full));
    }
  });

  it('answers the same object for configurations that differ only outside the key', () => {
    const verdictOf = createVerdictCache();
    const config = randomConfig(3);
    const first = verdictOf(config);
    expect(verdictOf({ ...config, seed: config.seed + 1, epochs: 1, units: 3 })).toBe(first);
  });
});
