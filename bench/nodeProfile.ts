/**
 * The engine's step on tfjs' WASM backend in Node (single-threaded SIMD build), profiled with the
 * process's CPU time so that other jobs on a shared machine stay out of the numbers: the
 * written-out step (dense for the MLP, conv for the CNN) and the generic taped step alternate in one process (`rounds` pairs,
 * medians), for each model. `npm run bench:profile`; `PROFILE_MODELS=mlp,cnn`,
 * `PROFILE_ROUNDS=5`, `PROFILE_STEPS=40`. The Chromium numbers come from `npm run bench`.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import type { ModelKind } from '../src/core';
import type { StepProfile } from '../src/ml/profile';
import type { StepKind } from '../src/ml/step';
import { median, profileSteps } from '../src/ml/profile';
import { useWasmTrainingKernels } from '../src/ml/wasmKernels';
import { loadDigits } from '../src/test/mnistDigits';

const models = (process.env.PROFILE_MODELS ?? 'mlp,cnn').split(',') as ModelKind[];
const rounds = Number(process.env.PROFILE_ROUNDS ?? 5);
const steps = Number(process.env.PROFILE_STEPS ?? 40);
const batchSize = 64;

/** Milliseconds of CPU time this process has used (user + system). */
function cpuClock(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

function line(label: string, profiles: StepProfile[]): string {
  const ms = median(profiles.map((p) => p.msPerStep));
  const phase = (name: keyof StepProfile['phases']) =>
    median(profiles.map((p) => p.phases[name])).toFixed(3);
  const range = profiles.map((p) => p.msPerStep.toFixed(2)).join(' ');
  return (
    `${label.padEnd(6)} ${ms.toFixed(3)} ms/step (${Math.round((batchSize * 1000) / ms)} samples/s; ` +
    `runs ${range}), forward ${phase('forward')}, loss ${phase('loss')}, backward ` +
    `${phase('backward')}, optimizer ${phase('optimizer')}, metric ${phase('metric')}, ` +
    `${profiles[0]?.kernels.count ?? 0} kernels`
  );
}

async function main(): Promise<void> {
  useWasmTrainingKernels();
  await tf.setBackend('wasm');
  const digits = loadDigits(batchSize * 16, 0);
  for (const model of models) {
    const results: Record<StepKind, StepProfile[]> = { dense: [], conv: [], tape: [] };
    for (let round = 0; round < rounds; round++) {
      for (const tapeOnly of round % 2 ? [true, false] : [false, true]) {
        const options = { model, units: 128, batchSize, digits, steps, clock: cpuClock, tapeOnly };
        const profile = await profileSteps(options);
        results[profile.step].push(profile);
      }
    }
    console.log(`\n${model}, WASM in Node, CPU time, medians of ${rounds} alternating runs:`);
    for (const kind of ['tape', 'dense', 'conv'] as const) {
      if (results[kind].length > 0) console.log(line(kind, results[kind]));
    }
    const top = results.dense[0] ?? results.conv[0] ?? results.tape[0];
    if (top) {
      console.log(
        `  top kernels (${top.step}, wall clock): ` +
          top.kernels.top.map((k) => `${k.name} ×${k.calls} ${k.ms.toFixed(3)}`).join(', '),
      );
    }
  }
}

await main();
