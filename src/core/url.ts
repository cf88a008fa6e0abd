/**
 * The shareable link: the whole run configuration as readable `key=value` pairs in the query
 * string, e.g. `?v=1&task=multiclass&act=softmax&loss=categorical_crossentropy&…&seed=42`.
 *
 * One declarative table (`URL_FIELDS`, derived from the field table `CONFIG_FIELDS`) drives both
 * directions. Every value is validated by a
 * valibot schema before it is used: a link is input from a stranger, so decoding never throws,
 * never interprets a value as anything but a string to compare with known names or a number to
 * range-check, and reports every key or value it ignored with the reason, for the page to list.
 */
import * as v from 'valibot';
import type { ChoiceField, ConfigField, FieldKey, NumericField, RunConfig } from './config';
import {
  CONFIG_FIELDS,
  DEFAULT_CONFIG,
  FIELD_NAMES,
  KEY_OF_FIELD,
  fieldSpec,
  splitProblem,
} from './config';
import { encodeField, linkSchema } from './configSchema';

export type { FieldKey, NumericField } from './config';
export { KEY_OF_FIELD } from './config';

/** The link format's version; a link without `v` is read as this version. */
export const URL_VERSION = 1;

/**
 * Controls by their link keys (plus the presets bar): what `hide=` may name, and how the page
 * names its controls. Derived from the field table.
 */
export const CONTROL_IDS = [...FIELD_NAMES.map((f) => KEY_OF_FIELD[f]), 'presets'] as const;
export type ControlId = FieldKey | 'presets';

/** One configuration field in the link (derived from its entry in `CONFIG_FIELDS`). */
export interface UrlField<K extends ConfigField = ConfigField> {
  /** The query-string key (short and readable, Keras' spelling where Keras has one). */
  key: FieldKey;
  field: K;
  /** Validates the raw string and turns it into the field's value. */
  schema: v.GenericSchema<string, RunConfig[K]>;
  encode(value: RunConfig[K]): string;
  /** Whether the link carries the field for this config (default: always). */
  include?(config: RunConfig): boolean;
}

function urlField<K extends ConfigField>(field: K): UrlField<K> {
  const spec = fieldSpec(field);
  return {
    key: KEY_OF_FIELD[field],
    field,
    schema: linkSchema(field),
    encode: (value) => encodeField(value),
    ...(spec.inLink ? { include: (config: RunConfig) => spec.inLink?.(config) ?? true } : {}),
  };
}

/** Every configuration field, in the order the link lists them. */
export const URL_FIELDS: readonly UrlField[] = FIELD_NAMES.map((f) => urlField<ConfigField>(f));

/**
 * Reads a number typed into the page's field with the same rules as a link: strict syntax, then
 * the field's LIMITS. Returns the value, or the reason it is not acceptable.
 */
export function parseNumberField(
  field: NumericField,
  raw: string,
): { ok: true; value: number } | { ok: false; reason: string } {
  const result = v.safeParse(linkSchema(field), raw.trim());
  return result.success
    ? { ok: true, value: result.output }
    : { ok: false, reason: result.issues[0].message };
}

/**
 * Reads a choice the page offers (a select's value) with the link's rules: only the field's own
 * values pass, so a stray string never reaches the configuration.
 */
export function parseChoiceField<K extends ChoiceField>(
  field: K,
  raw: string,
): { ok: true; value: RunConfig[K] } | { ok: false; reason: string } {
  const result = v.safeParse(linkSchema(field), raw);
  return result.success
    ? { ok: true, value: result.output }
    : { ok: false, reason: result.issues[0].message };
}

/** A key or value the decoder did not use, and why. `value` is shown as text, never as markup. */
export interface IgnoredParam {
  key: string;
  value: string;
  reason: string;
}

/**
 * Parts of the trainer a link may scroll to (`show=gradients`): a lesson's link names the chart
 * it is about, and the page brings that chart into view once it is there.
 */
export const TRAINER_SECTIONS = ['curves', 'gradients', 'log', 'results'] as const;
export type TrainerSection = (typeof TRAINER_SECTIONS)[number];

export interface DecodedLink {
  config: RunConfig;
  /** `autorun=1`: start training once the page is ready. */
  autorun: boolean;
  /** `show=…`: the part of the trainer to bring into view, or null. */
  show: TrainerSection | null;
  /** Controls a lesson link hides. */
  hide: ControlId[];
  ignored: IgnoredParam[];
}

export interface EncodeOptions {
  autorun?: boolean;
  show?: TrainerSection;
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
const EXTRA_KEYS: ReadonlySet<string> = new Set(['v', 'autorun', 'show', 'hide']);

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
 * Most characters of a query string that are read. Links LossLab writes stay under 2,000 (a grid
 * link sweeping every value of every field included); a hostile link of megabytes would
 * otherwise cost seconds of blocking work and a notice per part.
 */
export const MAX_LINK_CHARS = 16_384;
/** Most `key=value` parts read (a written link has about 25). */
export const MAX_LINK_PARTS = 500;

/** The parts of a query string that are read: whole parts within both caps. */
function readableParts(search: string): { parts: string[]; cut: boolean } {
  const body = search.startsWith('?') ? search.slice(1) : search;
  if (body.length <= MAX_LINK_CHARS) {
    const parts = body.split('&', MAX_LINK_PARTS + 1);
    return parts.length > MAX_LINK_PARTS
      ? { parts: parts.slice(0, MAX_LINK_PARTS), cut: true }
      : { parts, cut: false };
  }
  // A part cut in two by the cap is dropped whole: half a value is not what the link meant.
  const parts = body.slice(0, MAX_LINK_CHARS).split('&', MAX_LINK_PARTS + 1);
  if (body[MAX_LINK_CHARS] !== '&') parts.pop();
  return { parts: parts.slice(0, MAX_LINK_PARTS), cut: true };
}

/** `&`-separated parts in `text`, counted without splitting it (it may be megabytes). */
function countParts(text: string): number {
  let count = 0;
  let at = -1;
  do {
    count++;
    at = text.indexOf('&', at + 1);
  } while (at >= 0);
  return count;
}

/**
 * What a link past the caps lost, as one notice (none for a link within them). Every decoder
 * adds it to its `ignored` list, so the page says it and `autorun=1` is refused.
 */
export function linkCapNotices(search: string): IgnoredParam[] {
  const { parts, cut } = readableParts(search);
  if (!cut) return [];
  const body = search.startsWith('?') ? search.slice(1) : search;
  const read = parts.reduce((sum, part) => sum + part.length + 1, 0);
  const rest = body.length > read ? countParts(body.slice(read)) : 0;
  const n = (x: number) => x.toLocaleString('en-US');
  return [
    {
      key: '(rest of the link)',
      value: '',
      reason:
        `the link is ${n(body.length)} characters long in ${n(parts.length + rest)} parts; ` +
        `only its first ${n(parts.length)} parts (${n(Math.max(0, read - 1))} characters) were ` +
        `read and the other ${n(rest)} were ignored (a link LossLab writes has about 25)`,
    },
  ];
}

/**
 * Splits `?a=1&b=2` (or `a=1&b=2`) into decoded pairs, as `URLSearchParams` does (core has no
 * DOM library, so it cannot use it), reading at most `MAX_LINK_PARTS` parts within the first
 * `MAX_LINK_CHARS` characters (`linkCapNotices` says what was left). Never throws.
 */
export function parseQuery(search: string): [string, string][] {
  const pairs: [string, string][] = [];
  for (const part of readableParts(search).parts) {
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
 * + test split that does not fit the data (`splitProblem`) fall back to the defaults and are
 * listed in `ignored`.
 */
export function decodeConfig(search: string): DecodedLink {
  const decoded = decodeConfigPairs(parseQuery(search));
  return { ...decoded, ignored: [...linkCapNotices(search), ...decoded.ignored] };
}

/** `decodeConfig` on pairs already split (a grid link's base). */
export function decodeConfigPairs(pairs: readonly (readonly [string, string])[]): DecodedLink {
  const config: RunConfig = { ...DEFAULT_CONFIG };
  const ignored: IgnoredParam[] = [];
  const ignore = (key: string, value: string, reason: string) =>
    ignored.push({ key: echo(key), value: echo(value), reason });
  const seen = new Set<string>();
  let autorun = false;
  let show: TrainerSection | null = null;
  const hide: ControlId[] = [];

  for (const [key, value] of pairs) {
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
    if (key === 'view') {
      // The trainer is what any other view name opens; say so rather than "unknown key".
      if (value !== 'trainer') {
        ignore(key, value, 'not a view (grid, history or lab); the trainer is shown');
      }
    } else if (!EXTRA_KEYS.has(key)) {
      ignore(key, value, 'unknown key');
    } else if (key === 'v') {
      if (value !== String(URL_VERSION)) {
        ignore(key, value, `unknown link version; read as version ${URL_VERSION}`);
      }
    } else if (key === 'autorun') {
      if (value === '1' || value === 'true') autorun = true;
      else if (value !== '0' && value !== 'false') ignore(key, value, 'expected 1 or 0');
    } else if (key === 'show') {
      const part = TRAINER_SECTIONS.find((p) => p === value);
      if (part) show = part;
      else ignore(key, value, `expected ${TRAINER_SECTIONS.join(', ')}`);
    } else {
      for (const id of value.split(',')) {
        if (id === '') continue;
        if (HIDEABLE.has(id) && !hide.includes(id as ControlId)) hide.push(id as ControlId);
        else if (!HIDEABLE.has(id)) ignore('hide', id, 'unknown control');
      }
    }
  }

  const split = splitProblem(config);
  if (split) {
    ignore(KEY_OF_FIELD.trainSize, String(config.trainSize), split);
    ignore(KEY_OF_FIELD.testSize, String(config.testSize), split);
    config.trainSize = DEFAULT_CONFIG.trainSize;
    config.testSize = DEFAULT_CONFIG.testSize;
    const again = splitProblem(config);
    if (again) {
      // The default split does not fit small own data either: the smallest split that does.
      config.trainSize = CONFIG_FIELDS.trainSize.limits.min;
      config.testSize = CONFIG_FIELDS.testSize.limits.min;
    }
  }
  return { config, autorun, show, hide, ignored };
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
  if (options.show) pairs.push(['show', options.show]);
  if (options.hide && options.hide.length > 0) pairs.push(['hide', options.hide.join(',')]);
  // Commas in `hide` read better unescaped; they are not special in a query string.
  return pairs
    .map(([key, value]) => `${key}=${encodeURIComponent(value).replace(/%2C/g, ',')}`)
    .join('&');
}
