/**
 * Every guided lesson's answer is what the real trainer does: each lesson's configuration runs
 * through the worker's `train` (the page's code path, CPU backend, real MNIST digits from the
 * `mnist` package) and its judge reads the run as the lesson's answer. Keras-refused lessons do
 * not train: their verdict's error is the run.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Dataset, LessonRun, TrainEvent } from '../core';
import { LESSONS, checkConfig, lessonConfig } from '../core';
import { loadDigits } from '../test/mnistDigits';
import { train } from './training';

const digits: Dataset = loadDigits(2_000, 0);

beforeAll(async () => {
  await tf.setBackend('cpu');
});

async function runLesson(index: number): Promise<LessonRun> {
  const lesson = LESSONS[index];
  if (!lesson) throw new Error(`no lesson ${index}`);
  const config = { ...lessonConfig(lesson), backend: 'cpu' as const };
  const verdict = checkConfig(config);
  if (verdict.level === 'error') {
    return {
      rejected: { type: verdict.kerasErrorType ?? 'Error', message: verdict.kerasError ?? '' },
      history: [],
    };
  }
  const events: TrainEvent[] = [];
  await train(
    config,
    (e) => void events.push(e),
    () => Promise.resolve(digits),
  );
  const start = events.find((e) => e.type === 'run-start');
  const done = events.find((e) => e.type === 'done');
  if (done?.type !== 'done') throw new Error(`lesson ${lesson.id} did not finish`);
  return {
    ...(start?.type === 'run-start' ? { metric: start.metric } : {}),
    history: done.result.history,
    result: done.result,
  };
}

describe('guided lessons on the real trainer', () => {
  it.each(LESSONS.map((l, i) => [l.id, i] as const))(
    '%s: the run shows the lesson’s answer',
    async (_, index) => {
      const lesson = LESSONS[index];
      const run = await runLesson(index);
      const seen = lesson?.judge(run);
      expect(seen?.choice, seen?.observed).toBe(lesson?.answer);
    },
    120_000,
  );
});
