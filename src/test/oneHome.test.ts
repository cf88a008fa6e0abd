/**
 * Keras' shared numbers have one home, src/core/catalogue/constants.ts: ε (1e-7), the metric
 * threshold (0.5) and top-k's k (5). This scan fails on any copy of them written by hand in the
 * app's sources (comments and tests aside), where a change to the catalogue would not reach.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '..');
const HOME = 'core/catalogue/constants.ts';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'test' ? [] : sources(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/**
 * The lines of a file with comments blanked, and with the text of string literals blanked too
 * when `blankStrings` (prose may mention 1e-7; generated code inside strings may not say 5).
 */
function code(path: string, blankStrings: boolean): string[] {
  return readFileSync(path, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' '))
    .split('\n')
    .map((line) =>
      blankStrings
        ? line
            .replace(/'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|`(?:[^`\\]|\\.)*`/g, "''")
            .replace(/\/\/.*$/, '')
        : line.replace(/^\s*\/\/.*$/, ''),
    );
}

const COPIES: [string, RegExp, boolean][] = [
  ['ε declared again', /(=|\(|\?\?)\s*1e-7\b/, true],
  ['a threshold of 0.5 written by hand', /threshold\w*\s*(\?\?|!==|===|=|,)\s*0\.5\b/i, false],
  ['top-k with k = 5 written by hand', /topk\([^)]*\b5\b/i, false],
];

describe("Keras' shared numbers have one home", () => {
  it.each(COPIES)('no %s outside the catalogue', (_, pattern, blankStrings) => {
    const found = sources(SRC)
      .filter((path) => relative(SRC, path) !== HOME)
      .flatMap((path) =>
        code(path, blankStrings).flatMap((line, i) =>
          pattern.test(line) ? [`${relative(SRC, path)}:${i + 1}: ${line.trim()}`] : [],
        ),
      );
    expect(found).toEqual([]);
  });
});
