/**
 * jax-js training the engine's models (bench/jaxTrain.ts) in a worker of its own, on the same
 * digits as the engine and `model.fit` (bench/baselineFit.ts). jax-js picks its device once per
 * worker, so the page starts one worker per device.
 */
import { defaultDevice, init, type Device } from '@jax-js/jax';
import { expose } from 'comlink';
import type { ModelKind } from '../src/core';
import { benchDigits } from './baselineFit';
import { trainJax } from './jaxTrain';

export interface JaxOptions {
  device: Device;
  model: ModelKind;
  batchSize: number;
  epochs: number;
  trainSize: number;
  seed: number;
}

export interface JaxResult {
  device: string;
  /** Samples per second of the last epoch (the first pays for compilation). */
  samplesPerSec: number;
  epochLosses: number[];
  /** Why jax-js could not train here, or null. */
  error: string | null;
}

let ready: Promise<Device[]> | null = null;

async function train(options: JaxOptions): Promise<JaxResult> {
  try {
    ready ??= init(options.device);
    const available = await ready;
    if (!available.includes(options.device)) {
      return {
        device: options.device,
        samplesPerSec: NaN,
        epochLosses: [],
        error: `jax-js could not start its ${options.device} device here`,
      };
    }
    defaultDevice(options.device);
    const digits = await benchDigits(options.trainSize, options.seed);
    const images = Float32Array.from(digits.images, (v) => v / 255);
    const targets = new Float32Array(digits.count * 10);
    digits.labels.forEach((label, i) => (targets[i * 10 + label] = 1));
    const result = await trainJax({
      kind: options.model,
      images,
      targets,
      count: digits.count,
      batchSize: options.batchSize,
      epochs: options.epochs,
      seed: options.seed,
    });
    return {
      device: options.device,
      samplesPerSec: result.samplesPerSec.at(-1) ?? NaN,
      epochLosses: result.losses,
      error: null,
    };
  } catch (error) {
    return {
      device: options.device,
      samplesPerSec: NaN,
      epochLosses: [],
      error: error instanceof Error ? error.message : String(error),
    };
  }
}

const jax = { train };
export type JaxApi = typeof jax;
expose(jax);
