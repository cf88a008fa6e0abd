/**
 * The grid's shareable link: `?view=grid&v=1&sweep=labels,act,loss&labels=int,onehot&act=linear,
 * sigmoid,softmax&loss=…&from_logits=auto&metric=accuracy&model=mlp&…&seed=42`.
 *
 * A dimension the grid lists carries a comma-separated list under its single-run key; every other
 * key is the base configuration, read by the single-run codec (`decodeConfig`) with all its
 * rules. Each listed value is validated by the same valibot schema the single-run link uses.
 * Like that codec this one never throws, and lists every key or value it ignored.
 */
import * as v from 'valibot';
import { DEFAULT_CONFIG } from '../config';
import type { IgnoredParam } from '../url';
import {
  URL_FIELDS,
  URL_VERSION,
  decodeConfigPairs,
  echo,
  encodeConfig,
  linkCapNotices,
  parseQuery,
} from '../url';
import type { AxisValue, GridDimension, GridSpec } from './spec';
/** Which view a link opens is the view registry's answer (src/core/views.ts). */
export { readView } from '../views';
import { DIMENSION_KEYS, GRID_DIMENSIONS, MAX_GRID_CELLS, countCombinations } from './spec';

/** Most values one dimension may list in a link. */
export const MAX_AXIS_VALUES = 12;

const DIMENSION_BY_KEY: ReadonlyMap<string, GridDimension> = new Map(
  GRID_DIMENSIONS.map((d) => [DIMENSION_KEYS[d], d]),
);

export interface DecodedGridLink {
  spec: GridSpec;
  /** `autorun=1`: start the grid once the page is ready. */
  autorun: boolean;
  ignored: IgnoredParam[];
}

function parseAxisValue(
  dim: GridDimension,
  raw: string,
): { ok: true; value: unknown } | { ok: false; reason: string } {
  if (dim === 'fromLogits' && raw === 'auto') return { ok: true, value: 'auto' };
  const field = URL_FIELDS.find((f) => f.field === dim);
  if (!field) return { ok: false, reason: 'not a grid dimension' };
  const result = v.safeParse(field.schema, raw);
  if (!result.success) {
    const reason = result.issues[0].message;
    return { ok: false, reason: dim === 'fromLogits' ? 'expected true, false or auto' : reason };
  }
  return { ok: true, value: result.output };
}

/**
 * Reads a grid link. Never throws: unknown dimensions in `sweep`, invalid or repeated values and
 * lists longer than `MAX_AXIS_VALUES` are dropped and listed in `ignored`; a grid over
 * `MAX_GRID_CELLS` cells keeps only the first value of its last swept dimensions until it fits.
 * The base configuration follows the single-run link's rules.
 */
export function decodeGridLink(search: string): DecodedGridLink {
  const ignored: IgnoredParam[] = linkCapNotices(search);
  const ignore = (key: string, value: string, reason: string) =>
    ignored.push({ key: echo(key), value: echo(value), reason });
  const pairs = parseQuery(search);
  const sweepRaw = pairs.find(([key]) => key === 'sweep')?.[1] ?? '';
  const swept = new Set<GridDimension>();
  for (const key of sweepRaw.split(',')) {
    if (key === '') continue;
    const dim = DIMENSION_BY_KEY.get(key);
    if (dim) swept.add(dim);
    else ignore('sweep', key, 'not a dimension a grid can sweep');
  }

  const axes: Record<string, unknown[]> = {};
  const rest: [string, string][] = [];
  const seen = new Set<string>();
  for (const [key, value] of pairs) {
    if (key === 'view' || key === 'sweep') continue;
    const dim = DIMENSION_BY_KEY.get(key);
    if (!dim || !swept.has(dim)) {
      rest.push([key, value]);
      continue;
    }
    if (seen.has(key)) {
      ignore(key, value, 'repeated key; the first value was used');
      continue;
    }
    seen.add(key);
    const values: unknown[] = [];
    for (const raw of value.split(',')) {
      const parsed = parseAxisValue(dim, raw);
      if (!parsed.ok) ignore(key, raw, parsed.reason);
      else if (values.includes(parsed.value)) ignore(key, raw, 'listed twice');
      else if (values.length >= MAX_AXIS_VALUES)
        ignore(key, raw, `more than ${MAX_AXIS_VALUES} values`);
      else values.push(parsed.value);
    }
    if (values.length > 0) axes[dim] = values;
  }
  for (const dim of swept) {
    if (!axes[dim])
      ignore(DIMENSION_KEYS[dim], '', 'swept but no valid value listed; base value used');
  }

  // `from_logits=auto` unswept is still a grid rule, not a single-run value.
  const autoIndex = rest.findIndex(([key, value]) => key === 'from_logits' && value === 'auto');
  if (autoIndex >= 0) {
    rest.splice(autoIndex, 1);
    axes.fromLogits = ['auto'];
  }
  const base = decodeConfigPairs(rest);
  ignored.push(...base.ignored);
  if (base.show) ignore('show', base.show, 'a trainer key; the grid shows every cell');
  const spec: GridSpec = { base: base.config, axes };
  shrinkToLimit(spec, ignore);
  return { spec, autorun: base.autorun, ignored };
}

function shrinkToLimit(
  spec: GridSpec,
  ignore: (key: string, value: string, reason: string) => void,
) {
  for (const dim of [...GRID_DIMENSIONS].reverse()) {
    if (countCombinations(spec) <= MAX_GRID_CELLS) return;
    const values = spec.axes[dim];
    if (!values || values.length < 2) continue;
    for (const dropped of values.slice(1)) {
      ignore(DIMENSION_KEYS[dim], String(dropped), `the grid would exceed ${MAX_GRID_CELLS} cells`);
    }
    (spec.axes as Record<string, unknown[]>)[dim] = values.slice(0, 1);
  }
}

function encodeAxisValue(dim: GridDimension, value: AxisValue<GridDimension>): string {
  if (value === 'auto') return 'auto';
  const field = URL_FIELDS.find((f) => f.field === dim);
  return field ? field.encode(value) : String(value);
}

/**
 * Writes a grid as a link query (without `?`): `view=grid`, the version, `sweep`, each listed
 * dimension's values, then the base configuration as the single-run link writes it (without the
 * keys the grid lists). Readable, and `decodeGridLink(encodeGridLink(s))` gives `s` back.
 */
export function encodeGridLink(spec: GridSpec, options: { autorun?: boolean } = {}): string {
  const listed = GRID_DIMENSIONS.filter((d) => (spec.axes[d]?.length ?? 0) > 0);
  const swept = listed.filter(
    (d) => (spec.axes[d]?.length ?? 0) > 1 || spec.axes[d]?.[0] !== 'auto',
  );
  const pairs: [string, string][] = [
    ['view', 'grid'],
    ['v', String(URL_VERSION)],
    ['sweep', swept.map((d) => DIMENSION_KEYS[d]).join(',')],
  ];
  for (const dim of listed) {
    const values = spec.axes[dim] ?? [];
    pairs.push([DIMENSION_KEYS[dim], values.map((value) => encodeAxisValue(dim, value)).join(',')]);
  }
  const listedKeys = new Set(listed.map((d) => DIMENSION_KEYS[d]));
  const base = encodeConfig({ ...DEFAULT_CONFIG, ...spec.base }, options)
    .split('&')
    .filter((pair) => {
      const key = pair.slice(0, pair.indexOf('='));
      return key !== 'v' && !listedKeys.has(key);
    });
  const head = pairs.map(
    ([key, value]) => `${key}=${encodeURIComponent(value).replace(/%2C/g, ',')}`,
  );
  return [...head, ...base].join('&');
}
