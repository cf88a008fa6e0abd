/**
 * A backend that fails part-way through a run: the worker moves to the next backend, says so
 * with a `backend-fallback` event and resumes from the last completed epoch. Backends and the
 * run itself are stubbed: Node has only the CPU backend.
 */
import { describe, expect, it, vi } from 'vitest';
import type { Dataset, RunResult, TrainEvent } from '../core';
import { DEFAULT_CONFIG } from '../core';
import type * as RunModule from '../ml/run';
import type { RunOptions } from '../ml/run';
import { loadDigits } from '../test/mnistDigits';

const calls: RunOptions[] = [];

vi.mock('../ml/backends', () => ({
  backendCandidates: (choice: string) => [choice, 'cpu'],
  initBackend: (candidates: string[], reason = 'first that initialised') =>
    Promise.resolve({
      backend: candidates[0],
      reason,
      attempts: [{ backend: candidates[0], ok: true }],
      backendEpsilon: 1e-7,
    }),
}));

vi.mock('../ml/run', async (importOriginal) => {
  const original = await importOriginal<typeof RunModule>();
  return {
    ...original,
    runTraining: (options: RunOptions) => {
      calls.push(options);
      if (calls.length === 1) {
        const history = [
          {
            epoch: 1,
            epochs: 2,
            steps: 1,
            loss: 1,
            metric: 0.5,
            valLoss: 1,
            valMetric: 0.5,
            epochMs: 1,
            msPerStep: 1,
          },
        ];
        return Promise.reject(
          new original.TrainingInterrupted(new Error('GPU device was lost'), {
            history,
            weights: [new Float32Array(1)],
            elapsedMs: 5,
          }),
        );
      }
      const result = {
        history: options.resume?.history ?? [],
        backend: options.backend,
      } as RunResult;
      return Promise.resolve({ reason: 'completed' as const, result });
    },
  };
});

const { train } = await import('./training');
const digits: Dataset = loadDigits(40, 0);

describe('mid-run backend failure', () => {
  it('falls back to the next backend and resumes after the last completed epoch', async () => {
    const events: TrainEvent[] = [];
    const config = {
      ...DEFAULT_CONFIG,
      backend: 'webgl' as const,
      trainSize: 20,
      testSize: 10,
      epochs: 2,
    };
    await expect(
      train(
        config,
        (e) => void events.push(e),
        () => Promise.resolve(digits),
      ),
    ).resolves.toBe('completed');
    const fallback = events.find((e) => e.type === 'backend-fallback');
    expect(fallback).toMatchObject({ type: 'backend-fallback', from: 'webgl', to: 'webgpu' });
    expect(fallback?.type === 'backend-fallback' && fallback.reason).toMatch(
      /GPU device was lost.*after epoch 1/,
    );
    expect(calls).toHaveLength(2);
    expect(calls[1]?.backend).toBe('webgpu');
    expect(calls[1]?.resume?.history).toHaveLength(1);
    expect(calls[1]?.resume?.weights).toHaveLength(1);
    expect(events.at(-1)?.type).toBe('done');
  });
});
