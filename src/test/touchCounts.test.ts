/**
 * What each kind of addition touches, measured on the source tree (the README's touch-count table
 * is this test's printed output).
 *
 * Method. For each kind (a loss, a metric, an optimizer, a view, a config field, a built-in
 * dataset) the test takes every existing entry's names from the code itself (a loss's name and its
 * engine key, a field's name and its link key…). It reads every source file that is not a test
 * (`src/`, `scripts/`, `server/`, and `package.json`), with comments removed, and finds where each
 * name stands in a registration position: as a whole string literal (`'adadelta'`,
 * `case 'sgd':`) or as an object key (`adam: {`); the same word inside a sentence is not one. A file that names every entry of a kind, or all but one,
 * enumerates the kind (a list, a table, a `Record`, a `switch`, or one that leaves out a default
 * or a special case), and a new entry has to join it. A file that names a few entries is using
 * them (a preset, a lesson, a rule about one metric), and a new entry does not join it. A file
 * counts only if it names at least two entries (a kind of two, the datasets, counts the files that
 * name both); a kind with a single entry would count every file naming it.
 *
 * The count is the number of such files (a view also brings its own component). It can fail:
 * a rule that singles out entries by name in one more file, or one more hand-written list over a
 * kind, raises the count past the limit the issue set.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  BUILTIN_DATASETS,
  CONFIG_FIELDS,
  FIELD_NAMES,
  LOSS_CATALOGUE,
  LOSSES,
  METRIC_CATALOGUE,
  METRICS,
  OPTIMIZER_CATALOGUE,
  OPTIMIZERS,
  VIEW_REGISTRY,
} from '../core';

const ROOT = join(import.meta.dirname, '../..');

/** Source files that are not tests, test support or data. */
function sourceFiles(): string[] {
  const files: string[] = ['package.json'];
  const walk = (dir: string) => {
    for (const name of readdirSync(join(ROOT, dir))) {
      const path = join(dir, name);
      if (statSync(join(ROOT, path)).isDirectory()) {
        if (!['fixtures', 'test', 'node_modules'].includes(name)) walk(path);
      } else if (
        /\.(ts|tsx|mjs|cjs)$/.test(name) &&
        !/\.(test|spec|d)\.tsx?$/.test(name) &&
        // The store's fake worker for tests.
        name !== 'testing.ts'
      ) {
        files.push(path);
      }
    }
  };
  for (const dir of ['src', 'scripts', 'server']) walk(dir);
  return files;
}

/**
 * The code without its comments. Strings are kept whole (a `//` inside one is not a comment);
 * a template literal is read to its closing backtick.
 */
function withoutComments(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    const next = text[i + 1];
    if (c === '/' && next === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
    } else if (c === '"' || c === "'" || c === '`') {
      let j = i + 1;
      while (j < text.length && text[j] !== c) j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whether `code` names `id` in a registration position: as a whole string literal, or as a key. */
function names(code: string, id: string): boolean {
  const inString = new RegExp(`(['"\`])${escape(id)}\\1`);
  const asKey = new RegExp(`(?<![.?\\w$])${escape(id)}['"]?\\s*:(?!:)`);
  return inString.test(code) || asKey.test(code);
}

interface Kind {
  kind: string;
  limit: number;
  /** Each entry's names (any one of them names the entry). */
  entries: readonly (readonly string[])[];
  /** What comes on top of the files counted (a view's own component). */
  plus?: string;
  /** Why the limit is not reached yet, when another part of the issue reaches it. */
  pending?: string;
}

const KINDS: readonly Kind[] = [
  {
    kind: 'a loss',
    limit: 3,
    entries: LOSSES.map((l) => [l, LOSS_CATALOGUE[l].engine]),
  },
  {
    kind: 'a metric',
    limit: 3,
    entries: METRICS.filter((m) => m !== 'accuracy').map((m) => [m, METRIC_CATALOGUE[m].engine]),
  },
  {
    kind: 'an optimizer',
    limit: 2,
    entries: OPTIMIZERS.map((o) => [o, OPTIMIZER_CATALOGUE[o].kerasClass]),
  },
  {
    kind: 'a view',
    limit: 2,
    entries: Object.keys(VIEW_REGISTRY).map((v) => [v]),
    plus: 'its component',
  },
  {
    kind: 'a config field',
    limit: 2,
    entries: FIELD_NAMES.map((f) => [f, CONFIG_FIELDS[f].key]),
  },
  {
    kind: 'a built-in dataset',
    limit: 3,
    entries: Object.keys(BUILTIN_DATASETS).map((d) => [d]),
  },
];

const CODE = new Map(
  sourceFiles().map((path) => [path, withoutComments(readFileSync(join(ROOT, path), 'utf8'))]),
);

/** The files a new entry of `kind` has to join (see the method above). */
function touched({ entries }: Kind): string[] {
  const needed = entries.length === 1 ? 1 : Math.max(2, entries.length - 1);
  return [...CODE]
    .filter(
      ([, code]) => entries.filter((ids) => ids.some((id) => names(code, id))).length >= needed,
    )
    .map(([path]) => path)
    .sort();
}

const ROWS = KINDS.map((kind) => {
  const files = touched(kind);
  return { ...kind, files };
});

/** The README's table: one row per kind, the files and the limit. */
function table(): string {
  const rows = ROWS.map((r) => {
    const plus = r.plus ? ` + ${r.plus}` : '';
    const which = r.files.map((f) => `\`${f}\``).join(', ') + plus;
    const note = r.pending ? ` Not yet: ${r.pending}.` : '';
    return `| ${r.kind} | ${r.files.length}${plus ? ' + 1' : ''} | ${r.limit}${plus ? ' + 1' : ''} | ${which}.${note} |`;
  });
  return ['| add… | files | limit | which |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

describe('touch counts', () => {
  it('prints the table (the README architecture section shows it)', () => {
    console.log(table());
    expect(ROWS.every((r) => r.files.length > 0)).toBe(true);
  });

  for (const row of ROWS) {
    const test = row.pending ? it.fails : it;
    test(`${row.kind} touches at most ${row.limit} source files`, () => {
      expect(row.files.length, row.files.join(', ')).toBeLessThanOrEqual(row.limit);
    });
  }
});
