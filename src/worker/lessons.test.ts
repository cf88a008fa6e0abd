/**
 * Every guided lesson's answer is what the real trainer does: each lesson's configuration runs
 * through the worker's `train` (the page's code path, CPU backend, real MNIST digits from the
 * `mnist` package) and its judge reads the run as the lesson's answer. Keras-refused lessons do
 * not train: their verdict's error is the run.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Dataset, LessonRun, RunConfig, TrainEvent } from '../core';
import { LESSONS, checkConfig, lessonConfig, referenceConfig } from '../core';
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
  const { start, done } = await trainOnce(config);
  // A lesson with a reference trains it next, as the page does, and is judged on both.
  const reference = referenceConfig(lesson);
  const referenceRun = reference ? await trainOnce({ ...reference, backend: 'cpu' }) : null;
  return {
    ...(start?.type === 'run-start' ? { metric: start.metric } : {}),
    history: done.result.history,
    result: done.result,
    ...(referenceRun ? { reference: { history: referenceRun.done.result.history } } : {}),
  };
}

async function trainOnce(config: RunConfig) {
  const events: TrainEvent[] = [];
  await train(
    config,
    (e) => void events.push(e),
    () => Promise.resolve(digits),
  );
  const start = events.find((e) => e.type === 'run-start');
  const done = events.find((e) => e.type === 'done');
  if (done?.type !== 'done') throw new Error(`${config.activation} run did not finish`);
  return { start, done };
}

describe('guided lessons on the real trainer', () => {
  it.each(LESSONS.map((l, i) => [l.id, i] as const))(
    '%s: the run shows the lesson’s answer',
    async (_, index) => {
      const lesson = LESSONS[index];
      const run = await runLesson(index);
      const seen = lesson?.judge(run);
      expect(seen?.choice, seen?.observed).toBe(lesson?.answer);
      if (lesson?.reference) console.info(`${lesson.id}: ${seen?.observed}`);
    },
    120_000,
  );
});
