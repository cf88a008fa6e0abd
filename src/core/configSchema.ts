/**
 * Validation and text forms of configuration fields, derived from the field table
 * (`CONFIG_FIELDS` in config.ts): the valibot schema that reads a field from a link, the one that
 * reads it from storage, and the text a link writes. Links and stored records are input from
 * outside (a stranger's link, another tab's bug, a hand-edited export), so nothing here trusts a
 * value it has not compared with known names or range-checked.
 */
import * as v from 'valibot';
import type { ConfigField, NumberLimits, RunConfig } from './config';
import { DEFAULT_DATASET, decodeDatasetRef, encodeDatasetRef, isOwnDatasetRef } from './dataset';
import type { DatasetRef } from './dataset';
import { BUILTIN_DATASET_IDS } from './dataset';
import { CONFIG_FIELDS, FIELD_NAMES, fieldSpec } from './config';

/**
 * Strict decimal syntax: digits with an optional fraction and exponent. Rejects what `Number()`
 * and unary `+` silently accept (`''`, `' 12 '`, `0x10`, `Infinity`, `1_000`).
 */
const NUMBER_PATTERN = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

const inRange = ({ min, max, integer }: NumberLimits) =>
  v.check<number, string>(
    (value) => (!integer || Number.isInteger(value)) && value >= min && value <= max,
    integer && min >= 0 ? `outside ${min}–${max} or not a whole number` : `outside ${min}–${max}`,
  );

/** A number typed or linked: strict syntax, then the field's limits, each with its own reason. */
function numberText({ min, max, integer }: NumberLimits): v.GenericSchema<string, number> {
  return v.pipe(
    v.string(),
    v.maxLength(32, 'too long for a number'),
    v.regex(NUMBER_PATTERN, 'not a number'),
    v.transform(Number),
    v.finite('not a finite number'),
    v.check((value) => !integer || Number.isInteger(value), 'not a whole number'),
    v.check((value) => value >= min && value <= max, `outside ${min}–${max}`),
  );
}

const datasetText: v.GenericSchema<string, DatasetRef> = v.pipe(
  v.string(),
  v.maxLength(300, 'too long'),
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    const read = decodeDatasetRef(dataset.value);
    if (read.ok) return read.value;
    addIssue({ message: read.reason });
    return NEVER;
  }),
);

/** The schema reading a field's value from its link text. */
export function linkSchema<K extends ConfigField>(field: K): v.GenericSchema<string, RunConfig[K]> {
  const spec = fieldSpec(field);
  const schema = (() => {
    switch (spec.kind) {
      case 'choice':
        return v.pipe(
          v.string(),
          v.check(
            (raw) => spec.options.includes(raw),
            `expected one of ${spec.options.join(', ')}`,
          ),
        );
      case 'number':
        return numberText(spec.limits);
      case 'boolean':
        return v.pipe(
          v.string(),
          v.picklist(['true', 'false'], 'expected true or false'),
          v.transform((raw) => raw === 'true'),
        );
      case 'dataset':
        return datasetText;
    }
  })();
  return schema as v.GenericSchema<string, RunConfig[K]>;
}

const storedDataset: v.GenericSchema<unknown, DatasetRef> = v.union([
  v.object({ id: v.picklist(BUILTIN_DATASET_IDS) }),
  v.custom<Extract<DatasetRef, { id: 'own' }>>(isOwnDatasetRef, 'not a valid own-data reference'),
]);

/** The schema reading a field's value from a stored record or an export (plain JSON values). */
export function storedSchema<K extends ConfigField>(
  field: K,
): v.GenericSchema<unknown, RunConfig[K]> {
  const spec = fieldSpec(field);
  const schema = (() => {
    switch (spec.kind) {
      case 'choice':
        return v.picklist(spec.options);
      case 'number':
        return v.pipe(v.number(), inRange(spec.limits));
      case 'boolean':
        return v.boolean();
      case 'dataset':
        return storedDataset;
    }
  })();
  return schema as v.GenericSchema<unknown, RunConfig[K]>;
}

/**
 * A stored configuration. Records written before configurations named their data (record
 * version 1) have no `dataset`: they were all trained on the built-in MNIST digits, and read so.
 * Records written before `pos_weight` was a field computed with the catalogue's value, its default.
 */
export const runConfigSchema = v.object(
  Object.fromEntries(
    FIELD_NAMES.map((f) => [
      f,
      f === 'dataset'
        ? v.optional(storedSchema(f), DEFAULT_DATASET)
        : f === 'posWeight'
          ? v.optional(storedSchema(f), CONFIG_FIELDS.posWeight.default)
          : storedSchema(f),
    ]),
  ) as unknown as { [K in ConfigField]: v.GenericSchema<unknown, RunConfig[K]> },
) as unknown as v.GenericSchema<unknown, RunConfig>;

/** A field's value as its link writes it: `softmax`, `0.001`, `true`, `mnist`. */
export function encodeField(value: RunConfig[ConfigField]): string {
  return typeof value === 'object' ? encodeDatasetRef(value) : String(value);
}

/** Whether two configurations agree on a field (by value, also for the dataset reference). */
export function sameField(field: ConfigField, a: RunConfig, b: RunConfig): boolean {
  return encodeField(a[field]) === encodeField(b[field]);
}

/** A text key of the given fields of a configuration (cache keys); equal values, equal keys. */
export function configKey<K extends ConfigField>(
  config: Pick<RunConfig, K>,
  fields: readonly K[],
): string {
  return fields.map((f) => `${f}=${encodeField(config[f])}`).join('&');
}

/** Only the given fields of a configuration (what a function keyed by them may see). */
export function pickFields<K extends ConfigField>(
  config: Pick<RunConfig, K>,
  fields: readonly K[],
): Pick<RunConfig, K> {
  return Object.fromEntries(fields.map((f) => [f, config[f]])) as Pick<RunConfig, K>;
}
