/**
 * The first screen's JavaScript, checked on the production build: what index.html loads before
 * the page can paint (its scripts and the scripts they preload), gzipped at level 9, stays within
 * the budget, and the code of the views the first screen does not show (the lessons, the grid,
 * the class session, the loss lab) stays out of it. The build's source maps name every module in
 * a chunk, so this reads which modules landed where, not how long anything took.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Issue 24's target: 140 KiB (143,360 bytes) of JavaScript before the first paint. */
const FIRST_SCREEN_BUDGET = 140 * 1024;

/** Modules that load with their view, never with the first screen. */
const LATER = [
  /src\/core\/lessons\/steps\.ts$/,
  /src\/core\/lossLabPresets\.ts$/,
  /src\/core\/grid\/(presets|table)\.ts$/,
  /src\/store\/(lessonsSlice|lessonRun|gridSlice)\.ts$/,
  /src\/store\/class\/(classSlice|classGridSlice|classRuns|classApi|classCode|connection)\.ts$/,
  /src\/ui\/(lessons|class|lossLab|history)\//,
  /src\/ui\/grid\/(?!useExperiments\.ts$)/,
];

const outDir = mkdtempSync(join(tmpdir(), 'losslab-first-screen-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

/** The scripts index.html loads or preloads (paths relative to the build folder). */
function firstScreenScripts(html: string): string[] {
  const scripts = [...html.matchAll(/<script\b[^>]*\bsrc="\.\/([^"]+\.js)"/g)];
  const preloads = [...html.matchAll(/<link\b[^>]*rel="modulepreload"[^>]*href="\.\/([^"]+)"/g)];
  return [...scripts, ...preloads].map((match) => match[1]!);
}

describe('the first screen’s JavaScript', () => {
  it(`stays within ${FIRST_SCREEN_BUDGET} bytes gzipped, without the other views’ code`, async () => {
    // Vitest sets NODE_ENV to `test`, which would make the build bundle React's development
    // code: the budget is about what users download, the production build.
    const nodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await build({
        root: ROOT,
        configFile: join(ROOT, 'vite.config.ts'),
        mode: 'production',
        logLevel: 'silent',
        build: { outDir, emptyOutDir: true, sourcemap: 'hidden' },
      });
    } finally {
      process.env.NODE_ENV = nodeEnv;
    }
    const scripts = firstScreenScripts(readFileSync(join(outDir, 'index.html'), 'utf8'));
    expect(scripts.length).toBeGreaterThanOrEqual(2); // the early script and the app's chunk
    let bytes = 0;
    const modules: string[] = [];
    for (const file of scripts) {
      bytes += gzipSync(readFileSync(join(outDir, file)), { level: 9 }).length;
      const map = JSON.parse(readFileSync(join(outDir, `${file}.map`), 'utf8')) as {
        sources: string[];
      };
      modules.push(...map.sources);
    }
    expect(modules.some((m) => m.endsWith('src/ui/TrainerView.tsx'))).toBe(true);
    expect(modules.filter((m) => LATER.some((later) => later.test(m)))).toEqual([]);
    expect(bytes).toBeLessThanOrEqual(FIRST_SCREEN_BUDGET);
  }, 300_000);
});
