#!/usr/bin/env node
/**
 * `npm run oracle`: regenerates the Keras fixtures from real Keras.
 *
 * 1. Finds Python 3.11+ (`KERAS_ORACLE_PYTHON`, else `python3`), makes a virtualenv in
 *    node_modules/.cache/keras-oracle/venv (or `KERAS_ORACLE_VENV`) and installs the pinned
 *    requirements.txt there. pip uses its own configuration; where the default index cannot be
 *    reached, pass yours in `KERAS_ORACLE_PIP_ARGS` (e.g. `--index-url … --find-links …`).
 * 2. Runs oracle.py once per Keras backend (TensorFlow, then JAX) and once more per backend for
 *    the binary task on one and on two output units (`--units 1|2`), each in its own process, and
 *    training.py (the step-by-step fixture, on inputs that trainingInputs.gen.ts writes with the
 *    engine's own code).
 *    Rows are cached in node_modules/.cache/keras-oracle/rows, so an interrupted run resumes.
 *
 * Options: `--only semantics|binary|training` (binary: only the binary task's fixtures), `--backend tensorflow|jax`, `--check` (only report what
 * is missing). Runs at low priority (nice) and one process at a time: the CPU is shared.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const cacheDir = join(root, 'node_modules/.cache/keras-oracle');
const venv = process.env.KERAS_ORACLE_VENV ?? join(cacheDir, 'venv');
const venvPython = join(venv, 'bin/python');
const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const only = option('--only');
const backends = option('--backend') ? [option('--backend')] : ['tensorflow', 'jax'];

export const FIXTURES = {
  tensorflow: 'src/core/keras/fixtures/keras-oracle.tensorflow.json',
  jax: 'src/core/keras/fixtures/keras-oracle.jax.json',
  training: 'src/ml/fixtures/keras-training.json',
};

/** The binary task's fixtures: one per backend and number of output units (1 or 2). */
export const binaryFixture = (backend, units) =>
  `src/core/keras/fixtures/keras-oracle.binary${units}.${backend}.json`;

function fail(message) {
  console.error(`npm run oracle: ${message}`);
  process.exit(1);
}

function run(command, commandArgs, env = {}) {
  const niced = process.platform === 'linux' && existsSync('/usr/bin/nice');
  const [cmd, cmdArgs] = niced
    ? ['/usr/bin/nice', ['-n', process.env.KERAS_ORACLE_NICE ?? '10', command, ...commandArgs]]
    : [command, commandArgs];
  const result = spawnSync(cmd, cmdArgs, {
    cwd: here,
    stdio: 'inherit',
    env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '3', ...env },
  });
  if (result.error) fail(`could not run ${command}: ${result.error.message}`);
  if (result.status !== 0) fail(`${command} ${commandArgs.join(' ')} exited with ${result.status}`);
}

function findPython() {
  const candidate = process.env.KERAS_ORACLE_PYTHON ?? 'python3';
  const probe = spawnSync(candidate, ['-c', 'import sys; print("%d.%d" % sys.version_info[:2])'], {
    encoding: 'utf8',
  });
  if (probe.error || probe.status !== 0) {
    fail(
      `no Python found (tried "${candidate}"). Install Python 3.11 or 3.12 with venv and pip, or ` +
        'set KERAS_ORACLE_PYTHON. The committed fixtures stay as they are; the tests read them.',
    );
  }
  const [major, minor] = probe.stdout.trim().split('.').map(Number);
  if (major !== 3 || minor < 11 || minor > 13) {
    fail(`Python ${probe.stdout.trim()} found; TensorFlow 2.21 needs Python 3.11–3.13.`);
  }
  return candidate;
}

function ensureVenv() {
  if (!existsSync(venvPython)) {
    const python = findPython();
    console.log(`Creating a virtualenv in ${venv}`);
    run(python, ['-m', 'venv', venv]);
  }
  const have = spawnSync(
    venvPython,
    ['-c', 'import keras, tensorflow, jax; print(keras.__version__, tensorflow.__version__)'],
    { encoding: 'utf8', env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '3' } },
  );
  if (have.status === 0 && have.stdout.trim() === '3.15.1 2.21.0') return;
  console.log('Installing the pinned Keras, TensorFlow and JAX (requirements.txt)');
  const extra = (process.env.KERAS_ORACLE_PIP_ARGS ?? '').split(/\s+/).filter(Boolean);
  const pip = spawnSync(
    venvPython,
    ['-m', 'pip', 'install', '-r', join(here, 'requirements.txt'), ...extra],
    { stdio: 'inherit' },
  );
  if (pip.status !== 0) {
    fail(
      'pip could not install requirements.txt (tensorflow-cpu 2.21.0, keras 3.15.1, jax). Check ' +
        '`pip download --no-deps keras==3.15.1`; if your index is elsewhere, pass it in ' +
        'KERAS_ORACLE_PIP_ARGS.',
    );
  }
}

if (args.includes('--check')) {
  const python = spawnSync(process.env.KERAS_ORACLE_PYTHON ?? 'python3', ['--version']);
  console.log(`python: ${python.status === 0 ? 'found' : 'missing'}`);
  console.log(`virtualenv: ${existsSync(venvPython) ? venv : 'not created yet'}`);
  for (const [name, path] of Object.entries(FIXTURES)) {
    console.log(`${name} fixture: ${existsSync(join(root, path)) ? path : 'missing'}`);
  }
  process.exit(0);
}

ensureVenv();
const rows = join(cacheDir, 'rows');
if (only !== 'training') {
  for (const backend of backends) {
    if (!(backend in FIXTURES)) fail(`unknown backend ${backend}`);
    if (only !== 'binary') {
      run(venvPython, ['oracle.py', '--out', join(root, FIXTURES[backend]), '--cache', rows], {
        KERAS_BACKEND: backend,
      });
    }
    for (const units of ['1', '2']) {
      const out = join(root, binaryFixture(backend, units));
      run(venvPython, ['oracle.py', '--units', units, '--out', out, '--cache', rows], {
        KERAS_BACKEND: backend,
      });
    }
  }
}
if (only !== 'semantics' && only !== 'binary') {
  // LossLab's digits, initial weights and batch order, written by the engine's own code.
  const inputs = join(cacheDir, 'training-inputs.json');
  mkdirSync(cacheDir, { recursive: true });
  const vitest = spawnSync(
    'npx',
    ['vitest', 'run', '--config', 'scripts/keras-oracle/vitest.config.ts'],
    { cwd: root, stdio: 'inherit', env: { ...process.env, KERAS_ORACLE_INPUTS: inputs } },
  );
  if (vitest.status !== 0) fail('could not write the training inputs (see the Vitest output)');
  run(venvPython, ['training.py', '--inputs', inputs, '--out', join(root, FIXTURES.training)], {
    KERAS_BACKEND: 'tensorflow',
  });
}
console.log(
  'Keras fixtures written. Compare: npx vitest run src/core/keras/oracle.test.ts src/ml/kerasTraining.test.ts',
);
