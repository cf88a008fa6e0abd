/**
 * The oracle's Python with real Keras, for Node tests that run exported scripts: the virtualenv
 * `npm run oracle` makes (KERAS_ORACLE_VENV, else node_modules/.cache/keras-oracle/venv under the
 * repository), if it exists and imports Keras, TensorFlow and JAX. Where it does not (CI has no
 * Python), `reason` says why, for the skipped test's report.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');

export type KerasPython = { python: string; versions: string } | { reason: string };

let probed: KerasPython | undefined;

/** Finds the oracle's Python once per test file (a probe imports TensorFlow: seconds). */
export function kerasPython(): KerasPython {
  if (probed) return probed;
  const venv = process.env.KERAS_ORACLE_VENV ?? join(root, 'node_modules/.cache/keras-oracle/venv');
  const python = join(venv, process.platform === 'win32' ? 'Scripts/python.exe' : 'bin/python');
  if (!existsSync(python)) {
    probed = {
      reason: `no Keras virtualenv at ${venv} (make it with npm run oracle, or set KERAS_ORACLE_VENV)`,
    };
    return probed;
  }
  const probe = spawnSync(
    python,
    ['-c', 'import keras, tensorflow, jax; print(keras.__version__, tensorflow.__version__)'],
    { encoding: 'utf8', env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '3' } },
  );
  probed =
    probe.status === 0
      ? { python, versions: probe.stdout.trim() }
      : { reason: `${python} cannot import keras, tensorflow and jax: ${probe.stderr.trim()}` };
  return probed;
}

/**
 * Runs `script` with the oracle's Python in a fresh directory holding `files`, with Keras on
 * `backend`; returns its exit status and output. The directory is removed afterwards.
 */
export function runPythonScript(
  python: string,
  script: string,
  files: Readonly<Record<string, Uint8Array>>,
  backend: 'tensorflow' | 'jax',
): { status: number | null; stdout: string; stderr: string } {
  const dir = mkdtempSync(join(tmpdir(), 'losslab-export-'));
  try {
    for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
    writeFileSync(join(dir, 'script.py'), script);
    const run = spawnSync(python, ['script.py'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, KERAS_BACKEND: backend, TF_CPP_MIN_LOG_LEVEL: '3' },
      maxBuffer: 64 * 1024 * 1024,
    });
    return { status: run.status, stdout: run.stdout, stderr: run.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
