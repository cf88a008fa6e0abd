/**
 * The shareable link: the whole run configuration as readable `key=value` pairs in the query
 * string, e.g. `?v=1&task=multiclass&act=softmax&loss=categorical_crossentropy&…&seed=42`.
 *
 * One declarative table (`URL_FIELDS`) drives both directions. Every value is validated by a
 * valibot schema before it is used: a link is input from a stranger, so decoding never throws,
 * never interprets a value as anything but a string to compare with known names or a number to
 * range-check, and reports every key or value it ignored with the reason, for the page to list.
 */
import * as v from 'valibot';
import {
  ACTIVATIONS,
  BACKENDS,
  DEFAULT_CONFIG,
  LABEL_ENCODINGS,
  LIMITS,
  LOSSES,
  METRICS,
  MNIST_TOTAL,
  MODELS,
  OPTIMIZERS,
  SEMANTICS,
  TASKS,
  isSplitValid,
  type RunConfig,
} from './config';

/** The link format's version; a link without `v` is read as this version. */
export const URL_VERSION = 1;

export type NumericField = keyof typeof LIMITS;

/**
 * Controls by their link keys (plus the presets bar): what `hide=` may name, and how the page
 * names its controls.
 */
export const CONTROL_IDS = [
  'task',
  'act',
  'loss',
  'from_logits',
  'labels',
  'metric',
  'semantics',
  'model',
  'units',
  'opt',
  'lr',
  'momentum',
  'batch',
  'epochs',
  'train',
  'test',
  'seed',
  'backend',
  'presets',
] as const;
export type ControlId = (typeof CONTROL_IDS)[number];
export type FieldKey = Exclude<ControlId, 'presets'>;

/** One configuration field in the link. */
export interface UrlField<K extends keyof RunConfig = keyof RunConfig> {
  /** The query-string key (short and readable, Keras' spelling where Keras has one). */
  key: FieldKey;
  field: K;
  /** Validates the raw string and turns it into the field's value. */
  schema: v.GenericSchema<string, RunConfig[K]>;
  encode(value: RunConfig[K]): string;
  /** Whether the link carries the field for this config (default: always). */
  include?(config: RunConfig): boolean;
}

function picklistField<K extends keyof RunConfig>(
  key: FieldKey,
  field: K,
  options: readonly RunConfig[K][],
): UrlField<K> {
  const schema = v.pipe(
    v.string(),
    v.check(
      (raw) => (options as readonly unknown[]).includes(raw),
      `expected one of ${options.join(', ')}`,
    ),
    v.transform((raw) => raw as RunConfig[K]),
  );
  return { key, field, schema, encode: (value) => String(value) };
}

/**
 * Strict decimal syntax: digits with an optional fraction and exponent. Rejects what `Number()`
 * and unary `+` silently accept (`''`, `' 12 '`, `0x10`, `Infinity`, `1_000`).
 */
const NUMBER_PATTERN = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

function numberSchema(name: NumericField) {
  const { min, max, integer } = LIMITS[name];
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

/**
 * Reads a number typed into the page's field with the same rules as a link: strict syntax, then
 * the field's LIMITS. Returns the value, or the reason it is not acceptable.
 */
export function parseNumberField(
  field: NumericField,
  raw: string,
): { ok: true; value: number } | { ok: false; reason: string } {
  const result = v.safeParse(numberSchema(field), raw.trim());
  return result.success
    ? { ok: true, value: result.output }
    : { ok: false, reason: result.issues[0].message };
}

function numberField<K extends NumericField>(key: FieldKey, field: K): UrlField<K> {
  return {
    key,
    field,
    schema: numberSchema(field),
    encode: (value) => String(value),
  };
}

const booleanField = (key: FieldKey, field: 'fromLogits'): UrlField<'fromLogits'> => ({
  key,
  field,
  schema: v.pipe(
    v.string(),
    v.picklist(['true', 'false'], 'expected true or false'),
    v.transform((raw) => raw === 'true'),
  ),
  encode: (value) => (value ? 'true' : 'false'),
});

/** Every configuration field, in the order the link lists them. */
export const URL_FIELDS: readonly UrlField[] = [
  picklistField('task', 'task', TASKS),
  picklistField('act', 'activation', ACTIVATIONS),
  picklistField('loss', 'loss', LOSSES),
  booleanField('from_logits', 'fromLogits'),
  picklistField('labels', 'labels', LABEL_ENCODINGS),
  picklistField('metric', 'metric', METRICS),
  picklistField('semantics', 'semantics', SEMANTICS),
  picklistField('model', 'model', MODELS),
  numberField('units', 'units'),
  picklistField('opt', 'optimizer', OPTIMIZERS),
  numberField('lr', 'learningRate'),
  {
    ...numberField('momentum', 'momentum'),
    // Only SGD has momentum; other optimizers' links stay short unless someone set it.
    include: (config: RunConfig) =>
      config.optimizer === 'sgd' || config.momentum !== DEFAULT_CONFIG.momentum,
  },
  numberField('batch', 'batchSize'),
  numberField('epochs', 'epochs'),
  numberField('train', 'trainSize'),
  numberField('test', 'testSize'),
  numberField('seed', 'seed'),
  picklistField('backend', 'backend', BACKENDS),
];

/** The link key of each config field, e.g. `activation` → `act`. */
export const KEY_OF_FIELD: ReadonlyMap<keyof RunConfig, FieldKey> = new Map(
  URL_FIELDS.map((f) => [f.field, f.key]),
);

/** A key or value the decoder did not use, and why. `value` is shown as text, never as markup. */
export interface IgnoredParam {
  key: string;
  value: string;
  reason: string;
}

export interface DecodedLink {
  config: RunConfig;
  /** `autorun=1`: start training once the page is ready. */
  autorun: boolean;
  /** Controls a lesson link hides. */
  hide: ControlId[];
  ignored: IgnoredParam[];
}

export interface EncodeOptions {
  autorun?: boolean;
  hide?: readonly ControlId[];
}

/** Longest key or value echoed back in `ignored`: a notice, not a copy of a hostile link. */
const ECHO_LIMIT = 60;

/** Makes a raw key or value safe to echo as text: control characters shown as escapes, capped. */
export function echo(raw: string): string {
  // eslint-disable-next-line no-control-regex
  const visible = raw.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => {
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
  return visible.length > ECHO_LIMIT ? `${visible.slice(0, ECHO_LIMIT)}…` : visible;
}

const FIELD_BY_KEY: ReadonlyMap<string, UrlField> = new Map(URL_FIELDS.map((f) => [f.key, f]));
const HIDEABLE: ReadonlySet<string> = new Set(CONTROL_IDS);
const EXTRA_KEYS: ReadonlySet<string> = new Set(['v', 'autorun', 'hide']);

/** Percent-decodes as `application/x-www-form-urlencoded` does; a malformed escape stays as is. */
function decodeComponent(raw: string): string {
  const spaced = raw.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}

/**
 * Splits `?a=1&b=2` (or `a=1&b=2`) into decoded pairs, as `URLSearchParams` does (core has no
 * DOM library, so it cannot use it). Never throws.
 */
export function parseQuery(search: string): [string, string][] {
  const body = search.startsWith('?') ? search.slice(1) : search;
  const pairs: [string, string][] = [];
  for (const part of body.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    const value = eq < 0 ? '' : part.slice(eq + 1);
    pairs.push([decodeComponent(key), decodeComponent(value)]);
  }
  return pairs;
}

/**
 * Reads a query string into a configuration. Never throws: missing keys take their defaults;
 * unknown keys, invalid or out-of-range values, repeated keys (the first one wins) and a train
 * + test split over 10,000 fall back to the defaults and are listed in `ignored`.
 */
export function decodeConfig(search: string): DecodedLink {
  const config: RunConfig = { ...DEFAULT_CONFIG };
  const ignored: IgnoredParam[] = [];
  const ignore = (key: string, value: string, reason: string) =>
    ignored.push({ key: echo(key), value: echo(value), reason });
  const seen = new Set<string>();
  let autorun = false;
  const hide: ControlId[] = [];

  for (const [key, value] of parseQuery(search)) {
    if (seen.has(key)) {
      ignore(key, value, 'repeated key; the first value was used');
      continue;
    }
    seen.add(key);
    const field = FIELD_BY_KEY.get(key);
    if (field) {
      const result = v.safeParse(field.schema, value);
      if (result.success) Object.assign(config, { [field.field]: result.output });
      else ignore(key, value, result.issues[0].message);
      continue;
    }
    if (!EXTRA_KEYS.has(key)) {
      ignore(key, value, 'unknown key');
    } else if (key === 'v') {
      if (value !== String(URL_VERSION)) {
        ignore(key, value, `unknown link version; read as version ${URL_VERSION}`);
      }
    } else if (key === 'autorun') {
      if (value === '1' || value === 'true') autorun = true;
      else if (value !== '0' && value !== 'false') ignore(key, value, 'expected 1 or 0');
    } else {
      for (const id of value.split(',')) {
        if (id === '') continue;
        if (HIDEABLE.has(id) && !hide.includes(id as ControlId)) hide.push(id as ControlId);
        else if (!HIDEABLE.has(id)) ignore('hide', id, 'unknown control');
      }
    }
  }

  if (!isSplitValid(config.trainSize, config.testSize)) {
    const reason = `train + test must be at most ${MNIST_TOTAL.toLocaleString('en')}`;
    ignore('train', String(config.trainSize), reason);
    ignore('test', String(config.testSize), reason);
    config.trainSize = DEFAULT_CONFIG.trainSize;
    config.testSize = DEFAULT_CONFIG.testSize;
  }
  return { config, autorun, hide, ignored };
}

/**
 * Writes a configuration as a query string (without `?`). Every field is written, with `v` and
 * the seed, so that a link reproduces the same run even after LossLab's defaults change, and a
 * student can read the whole experiment in it.
 */
export function encodeConfig(config: RunConfig, options: EncodeOptions = {}): string {
  const pairs: [string, string][] = [['v', String(URL_VERSION)]];
  for (const field of URL_FIELDS) {
    if (field.include && !field.include(config)) continue;
    pairs.push([field.key, field.encode(config[field.field])]);
  }
  if (options.autorun) pairs.push(['autorun', '1']);
  if (options.hide && options.hide.length > 0) pairs.push(['hide', options.hide.join(',')]);
  // Commas in `hide` read better unescaped; they are not special in a query string.
  return pairs
    .map(([key, value]) => `${key}=${encodeURIComponent(value).replace(/%2C/g, ',')}`)
    .join('&');
}
