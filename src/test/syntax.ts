/**
 * Syntax checks for generated code, for Node tests: Python through one `python3` process (ast.parse
 * of every snippet), JavaScript modules through TypeScript's parser. Core tests load this module
 * with a dynamic import (`loadSyntax`), because the core's tsconfig has no Node types.
 */
import { spawnSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';

/** A snippet that failed to parse: its index in the input and the parser's message. */
export interface SyntaxFailure {
  index: number;
  error: string;
}

const PARSE_ALL = `
import ast, json, sys
sources = json.load(open(sys.argv[1], encoding="utf-8"))
failures = []
for i, source in enumerate(sources):
    try:
        ast.parse(source)
    except SyntaxError as e:
        failures.append({"index": i, "error": f"line {e.lineno}: {e.msg}: {e.text!r}"})
print(json.dumps(failures))
`;

/** Parses every snippet with CPython's `ast.parse` in a single process; returns the failures. */
export function parsePython(sources: readonly string[]): SyntaxFailure[] {
  const dir = mkdtempSync(join(tmpdir(), 'losslab-py-'));
  try {
    const file = join(dir, 'sources.json');
    writeFileSync(file, JSON.stringify(sources));
    const run = spawnSync('python3', ['-c', PARSE_ALL, file], {
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    });
    if (run.status !== 0) throw new Error(`python3 failed: ${run.error?.message ?? run.stderr}`);
    return JSON.parse(run.stdout) as SyntaxFailure[];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Parses every snippet as a JavaScript ES module with TypeScript's parser; returns the syntax
 * errors. `parseDiagnostics` is internal to TypeScript but has been stable for years, and it is
 * several times faster than `transpileModule`, which also runs the emitter.
 */
export function parseJsModules(sources: readonly string[]): SyntaxFailure[] {
  const failures: SyntaxFailure[] = [];
  sources.forEach((source, index) => {
    const file = ts.createSourceFile(
      'export.mjs',
      source,
      ts.ScriptTarget.ES2022,
      false,
      ts.ScriptKind.JS,
    );
    const errors = (file as unknown as { parseDiagnostics?: ts.Diagnostic[] }).parseDiagnostics;
    if (errors === undefined) throw new Error('this TypeScript version has no parseDiagnostics');
    const first = errors[0];
    if (first)
      failures.push({ index, error: ts.flattenDiagnosticMessageText(first.messageText, ' ') });
  });
  return failures;
}

/**
 * Runs a Python script with `python3` in a fresh folder holding `files` (name → bytes); returns
 * its exit status and output. For tests that execute parts of generated scripts.
 */
export function runPython(
  source: string,
  files: Readonly<Record<string, Uint8Array>> = {},
): { status: number | null; stdout: string; stderr: string } {
  const dir = mkdtempSync(join(tmpdir(), 'losslab-run-'));
  try {
    for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
    writeFileSync(join(dir, 'script.py'), source);
    const run = spawnSync('python3', ['script.py'], { cwd: dir, encoding: 'utf8' });
    return { status: run.status, stdout: run.stdout, stderr: run.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Gzipped bytes, as `gzip` writes them (for tests of readers that accept both). */
export function gzip(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(gzipSync(bytes));
}
