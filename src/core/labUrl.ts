/**
 * The loss lab's link: `?view=lab&logits=2,1,0.1&enc=onehot&label=0` (or `&preset=extreme`).
 * Kept apart from the trainer's codec (url.ts) so that neither owns the other's keys; like it,
 * decoding never throws and lists every key or value it ignored, for the page to show as text.
 */
import { LABEL_ENCODINGS } from './config';
import type { LabelEncoding } from './config';
import type { LabExample } from './lossLab';
import { labClasses } from './lossLab';
import { LAB_PRESETS, getLabPreset } from './lossLabPresets';
import type { IgnoredParam } from './url';
import { echo, linkCapNotices, parseQuery } from './url';
import { encodeLabExample, LAB_VIEW } from './labLink';

/** `view=lab` selects the lab; any other page ignores these keys. */
export { LAB_VIEW };
export const LAB_KEYS = ['view', 'preset', 'logits', 'enc', 'label'] as const;
/** Bounds that keep the table readable and the numbers finite in float32. */
/** One logit is the binary task's single output unit. */
export const LAB_LIMITS = { minLogits: 1, maxLogits: 20, maxAbs: 1000 } as const;

export interface DecodedLab {
  example: LabExample;
  /** The preset the example came from, when the link named one and did not override it. */
  presetId?: string;
  ignored: IgnoredParam[];
}

const DEFAULT_PRESET = LAB_PRESETS[0];

/** Whether a query string asks for the loss lab (`view=lab`). Never throws. */
export function isLabLink(search: string): boolean {
  return parseQuery(search).some(([k, v]) => k === 'view' && v === LAB_VIEW);
}

/** Parses `1.5,-2,30` into 1–20 finite logits within ±1000, or says what is wrong. */
export function parseLabLogits(raw: string): number[] | string {
  const parts = raw.split(',');
  if (raw.trim() === '' || parts.length > LAB_LIMITS.maxLogits) {
    return `expected ${LAB_LIMITS.minLogits} to ${LAB_LIMITS.maxLogits} comma-separated numbers`;
  }
  const values: number[] = [];
  for (const part of parts) {
    // Plain decimal or exponent notation only: no hex, no "Infinity", no empty strings.
    if (!/^\s*[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?\s*$/i.test(part))
      return `"${echo(part)}" is not a number`;
    const n = Number(part);
    if (!Number.isFinite(n) || Math.abs(n) > LAB_LIMITS.maxAbs) {
      return `each logit must lie within ±${LAB_LIMITS.maxAbs}`;
    }
    values.push(n);
  }
  return values;
}

/**
 * Parses `3` or `1,7` into distinct class ids below `labClasses(k)` for k logits (one for
 * int/onehot/column; 0 or 1 on a single logit), or says what is wrong.
 */
export function parseLabClasses(
  raw: string,
  k: number,
  encoding: LabelEncoding,
): number[] | string {
  const parts = raw === '' ? [] : raw.split(',');
  const ids = parts.map((p) => (/^\s*\d+\s*$/.test(p) ? Number(p) : NaN));
  const classes = labClasses(k);
  if (ids.some((id) => !Number.isInteger(id) || id >= classes)) {
    return `class ids must be integers from 0 to ${classes - 1}`;
  }
  if (encoding !== 'multihot' && ids.length !== 1)
    return `${encoding} labels hold exactly one class`;
  if (new Set(ids).size !== ids.length) return 'class ids must not repeat';
  return ids;
}

/** The lab's three fields as the student typed or chose them. */
export interface LabFields {
  logits: string;
  encoding: LabelEncoding;
  label: string;
}

/** The example the fields describe, or what is wrong with each field that describes none. */
export type ParsedLabFields =
  { ok: true; example: LabExample } | { ok: false; logitsError?: string; labelError?: string };

/** The fields an example is shown with: its logits and classes written out, comma-separated. */
export function labFieldsOf(example: LabExample): LabFields {
  return {
    logits: example.logits.join(', '),
    encoding: example.label.encoding,
    label: example.label.classes.join(', '),
  };
}

/**
 * Reads the three fields together, so that the example always follows all of them: the class is
 * checked against the logits typed now, never against an earlier count. Spaces are ignored.
 * While the logits are unreadable the class cannot be checked (its range depends on them), so
 * only the logits' problem is reported. Never throws.
 */
export function parseLabFields(fields: LabFields): ParsedLabFields {
  const logits = parseLabLogits(fields.logits.replace(/\s+/g, ''));
  if (typeof logits === 'string') return { ok: false, logitsError: logits };
  const classes = parseLabClasses(fields.label.replace(/\s+/g, ''), logits.length, fields.encoding);
  if (typeof classes === 'string') return { ok: false, labelError: classes };
  return { ok: true, example: { logits, label: { encoding: fields.encoding, classes } } };
}

/**
 * Reads a lab link. Never throws: a missing or invalid part falls back to the named preset, or to
 * the first preset, and is listed in `ignored` with the reason.
 */
export function decodeLab(search: string): DecodedLab {
  const ignored: IgnoredParam[] = linkCapNotices(search);
  const seen = new Map<string, string>();
  for (const [key, value] of parseQuery(search)) {
    if (!(LAB_KEYS as readonly string[]).includes(key)) continue; // the trainer's keys, or others'
    if (seen.has(key)) ignored.push({ key: echo(key), value: echo(value), reason: 'repeated key' });
    else seen.set(key, value);
  }
  const ignore = (key: string, reason: string) =>
    ignored.push({ key, value: echo(seen.get(key) ?? ''), reason });

  let preset = DEFAULT_PRESET;
  const presetRaw = seen.get('preset');
  if (presetRaw !== undefined) {
    const found = getLabPreset(presetRaw);
    if (found) preset = found;
    else ignore('preset', 'unknown preset');
  }
  const base = preset?.example ?? {
    logits: [2, 1, 0.1],
    label: { encoding: 'onehot', classes: [0] },
  };
  let logits = base.logits;
  let overridden = false;
  const logitsRaw = seen.get('logits');
  if (logitsRaw !== undefined) {
    const parsed = parseLabLogits(logitsRaw);
    if (typeof parsed === 'string') ignore('logits', parsed);
    else {
      logits = parsed;
      overridden = true;
    }
  }
  let encoding: LabelEncoding = base.label.encoding;
  const encRaw = seen.get('enc');
  if (encRaw !== undefined) {
    if ((LABEL_ENCODINGS as readonly string[]).includes(encRaw)) {
      encoding = encRaw as LabelEncoding;
      overridden ||= encoding !== base.label.encoding;
    } else ignore('enc', `expected one of ${LABEL_ENCODINGS.join(', ')}`);
  }
  let classes = base.label.classes;
  const labelRaw = seen.get('label');
  const fallbackValid = parseLabClasses(classes.join(','), logits.length, encoding);
  if (labelRaw !== undefined) {
    const parsed = parseLabClasses(labelRaw, logits.length, encoding);
    if (typeof parsed === 'string') ignore('label', parsed);
    else {
      classes = parsed;
      overridden ||= parsed.join(',') !== base.label.classes.join(',');
    }
  }
  if (classes === base.label.classes && typeof fallbackValid === 'string') {
    // The preset's label does not fit the link's logits or encoding: use class 0.
    classes = [0];
    overridden = true;
  }
  const example: LabExample = { logits, label: { encoding, classes } };
  return { example, ...(preset && !overridden ? { presetId: preset.id } : {}), ignored };
}

/** Writes a lab link: `?view=lab&preset=id` for an untouched preset, else the example itself. */
export function encodeLab(example: LabExample, presetId?: string): string {
  if (presetId !== undefined && getLabPreset(presetId))
    return `?view=${LAB_VIEW}&preset=${encodeURIComponent(presetId)}`;
  return encodeLabExample(example);
}

export { labExampleFor, labLinkFor } from './labLink';
