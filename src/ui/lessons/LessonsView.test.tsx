// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import {
  LESSONS,
  decodeLessonLink,
  lessonConfig,
  type EpochRecord,
  type RunConfig,
} from '../../core';
import { LESSON_PROGRESS_KEY, type ProgressStorage } from '../../store';
import { createFakeWorker, emptyResult, type FakeWorker } from '../../store/testing';
import { StoreContext } from '../storeContext';
import { LessonsView } from './LessonsView';

afterEach(cleanup);

/** localStorage in memory; `full` makes every write throw as a full quota does. */
function memoryStorage(full = false): ProgressStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => {
      if (full) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      data.set(key, value);
    },
  };
}

async function lessonsPage(storage: ProgressStorage | null, step: number) {
  const fake = createFakeWorker({ lessonStorage: storage });
  await fake.store.getState().startWorker({ backend: 'auto', sampleCount: 0, seed: 42 });
  fake.store.getState().setLessonStep(step);
  render(
    <StoreContext.Provider value={fake.store}>
      <LessonsView />
    </StoreContext.Provider>,
  );
  return fake;
}

const stepOf = (id: string) => LESSONS.findIndex((l) => l.id === id);

function epoch(valMetric: number): EpochRecord {
  return {
    epoch: 3,
    epochs: 3,
    steps: 16,
    loss: 0.8,
    metric: valMetric,
    valLoss: 0.83,
    valMetric,
    epochMs: 1,
    msPerStep: 1,
  };
}

/** The worker's events of a finished run of `config` whose validation accuracy is `valMetric`. */
async function finishRun(fake: FakeWorker, config: RunConfig, valMetric: number) {
  await act(async () => {
    fake.emit(
      {
        type: 'run-start',
        config,
        metricKey: 'accuracy',
        metric: 'sparse_categorical_accuracy',
        trainSize: config.trainSize,
        testSize: config.testSize,
        stepsPerEpoch: 16,
        backend: 'cpu',
        params: 1,
      },
      { type: 'epoch', record: epoch(valMetric) },
      { type: 'done', reason: 'completed', result: { ...emptyResult(), testAccuracy: valMetric } },
    );
    fake.finish();
    fake.frame();
    await Promise.resolve();
  });
}

const stored = (storage: { data: Map<string, string> }) =>
  JSON.parse(storage.data.get(LESSON_PROGRESS_KEY) ?? '{}') as Record<string, unknown>;

describe('LessonsView', () => {
  it('asks for a prediction, runs the lesson in the worker, compares and stores the progress', async () => {
    const storage = memoryStorage();
    const lesson = LESSONS[stepOf('sigmoid-sparse')]!;
    const fake = await lessonsPage(storage, stepOf('sigmoid-sparse'));
    expect(screen.getByTestId('lesson-question').textContent).toBe(lesson.question);

    const run = screen.getByTestId('lesson-run');
    expect(run).toHaveProperty('disabled', true);
    expect(screen.getByText('Make your prediction first.')).toBeTruthy();

    // A wrong prediction: the sigmoid model trains like the softmax one on TensorFlow.
    fireEvent.click(screen.getByLabelText(/Worse: the loss reads probabilities/));
    expect(stored(storage)).toEqual({ 'sigmoid-sparse': { predicted: 'worse' } });
    expect(run).toHaveProperty('disabled', false);

    fireEvent.click(run);
    expect(fake.trained).toEqual(lessonConfig(lesson));
    expect(fake.trained?.trainSize).toBe(1_000);
    await finishRun(fake, lessonConfig(lesson), 0.82);
    // Not judged yet: the softmax model trains next, in the same worker, for comparison.
    expect(screen.queryByTestId('lesson-result')).toBeNull();
    expect(fake.trained).toEqual({ ...lessonConfig(lesson), activation: 'softmax' });
    expect(screen.getByTestId('lesson-status').textContent).toMatch(
      /^The softmax model, for comparison: /,
    );
    expect(screen.getByTestId('lesson-run')).toHaveProperty('disabled', true);
    await finishRun(fake, { ...lessonConfig(lesson), activation: 'softmax' }, 0.82);

    const result = screen.getByTestId('lesson-result');
    expect(within(result).getByTestId('lesson-predicted').textContent).toContain(
      'Worse: the loss reads probabilities',
    );
    expect(within(result).getByTestId('lesson-predicted').textContent).toContain(
      'not what happened',
    );
    expect(within(result).getByTestId('lesson-observed').textContent).toContain(
      'Like the softmax model',
    );
    expect(screen.getByTestId('lesson-numbers').textContent).toBe(
      "It trained for 1 epochs: validation sparse_categorical_accuracy 0.82, loss 0.83. The softmax model: validation accuracy 0.82, loss 0.83; every epoch's losses agree to within 0.001.",
    );
    // The two runs side by side, epoch by epoch.
    const table = within(screen.getByTestId('lesson-reference'));
    expect(table.getByRole('columnheader', { name: 'The softmax model' })).toBeTruthy();
    expect(table.getAllByRole('row')[2]?.textContent).toBe('10.80000.83000.82000.80000.83000.8200');
    expect(screen.getByTestId('lesson-status').textContent).toBe(
      'Result: Like the softmax model: the same losses, the same accuracy. Your prediction was wrong.',
    );
    expect(document.activeElement?.textContent).toBe('What the run showed');
    expect(stored(storage)).toEqual({ 'sigmoid-sparse': { predicted: 'worse', observed: 'same' } });
    expect(screen.getByTestId('lessons-summary').textContent).toBe(
      '1 of 11 steps run, 0 predictions right',
    );
    expect(screen.getByTestId(`lesson-step-${stepOf('sigmoid-sparse') + 1}`).dataset.state).toBe(
      'wrong',
    );
    // The prediction is locked once judged, and the trainer's own run is untouched.
    expect(screen.getByLabelText(/Worse: the loss reads/).matches(':disabled')).toBe(true);
    expect(fake.store.getState().training.status).toBe('idle');
    // Links open the lab, grid and trainer on this lesson's configuration.
    expect(screen.getByTestId('lesson-link-trainer').getAttribute('href')).toContain('act=sigmoid');

    // Try again forgets this step only.
    fireEvent.click(screen.getByTestId('lesson-retry'));
    expect(stored(storage)).toEqual({});
    expect(screen.queryByTestId('lesson-result')).toBeNull();
  });

  it('shows Keras’ refusal without training for a configuration Keras rejects', async () => {
    const storage = memoryStorage();
    const fake = await lessonsPage(storage, stepOf('int-labels-cce'));
    fireEvent.click(screen.getByLabelText('Raise an error before the first training step'));
    fireEvent.click(screen.getByTestId('lesson-run'));
    expect(fake.calls).not.toContain('train');
    expect(screen.getByTestId('lesson-numbers').textContent).toMatch(
      /^Keras refused before the first step: ValueError: /,
    );
    expect(screen.getByTestId('lesson-predicted').textContent).toContain('✓ right');
    expect(stored(storage)).toEqual({
      'int-labels-cce': { predicted: 'rejects', observed: 'rejects' },
    });
    expect(screen.getByTestId('lessons-summary').textContent).toBe(
      '1 of 11 steps run, 1 prediction right',
    );
  });

  it('keeps the progress in memory and says so when storage is full', async () => {
    const storage = memoryStorage(true);
    await lessonsPage(storage, stepOf('int-labels-cce'));
    expect(screen.queryByTestId('lessons-storage')).toBeNull();
    fireEvent.click(screen.getByLabelText('Raise an error before the first training step'));
    expect(screen.getByTestId('lessons-storage').textContent).toMatch(
      /could not be saved in this browser \(QuotaExceededError: The quota has been exceeded\.; storage may be full\): it is kept until you close this tab/,
    );
    expect(screen.getByLabelText('Raise an error before the first training step')).toHaveProperty(
      'checked',
      true,
    );
    fireEvent.click(screen.getByTestId('lesson-run'));
    expect(screen.getByTestId('lesson-predicted').textContent).toContain('✓ right');
  });

  it('says so when storage is blocked, and works on', async () => {
    await lessonsPage(null, 0);
    expect(screen.getByTestId('lessons-storage').textContent).toMatch(/storage is blocked/);
    fireEvent.click(screen.getByLabelText('Raise an error before the first training step'));
    fireEvent.click(screen.getByTestId('lesson-run'));
    expect(screen.getByTestId('lesson-result')).toBeTruthy();
  });

  it('restores stored progress, dropping what names no lesson or choice', async () => {
    const storage = memoryStorage();
    storage.data.set(
      LESSON_PROGRESS_KEY,
      JSON.stringify({
        'onehot-sparse': { predicted: 'rejects', observed: 'rejects' },
        'from-logits': { predicted: 'trains', observed: 'nonsense' },
        bogus: { predicted: 'x' },
      }),
    );
    await lessonsPage(storage, stepOf('from-logits'));
    expect(screen.getByTestId('lessons-summary').textContent).toBe(
      '1 of 11 steps run, 1 prediction right',
    );
    expect(screen.getByTestId(`lesson-step-${stepOf('onehot-sparse') + 1}`).dataset.state).toBe(
      'right',
    );
    // The step shown keeps its valid prediction, and may run.
    expect(screen.getByLabelText(/It trains like softmax/)).toHaveProperty('checked', true);
    expect(screen.getByTestId('lesson-run')).toHaveProperty('disabled', false);
  });

  it('moves between steps and does not run while the trainer holds the worker', async () => {
    const fake = await lessonsPage(memoryStorage(), 0);
    fireEvent.click(screen.getByTestId('lesson-next'));
    expect(fake.store.getState().lessons.step).toBe(1);
    expect(screen.getByTestId('lesson-title').textContent).toBe(LESSONS[1]!.title);
    fireEvent.click(screen.getByTestId(`lesson-step-${LESSONS.length}`));
    expect(screen.getByTestId('lesson-next')).toHaveProperty('disabled', true);
    fireEvent.click(screen.getByTestId('lesson-step-8'));
    fireEvent.click(screen.getByTestId('lesson-prev'));
    expect(fake.store.getState().lessons.step).toBe(6);

    act(() => void fake.store.getState().train());
    fireEvent.click(screen.getByLabelText(/Never: softmax outputs add up to 1/));
    expect(screen.getByTestId('lesson-run')).toHaveProperty('disabled', true);
    expect(screen.getByText(/The trainer is running/)).toBeTruthy();
  });

  it('keeps a class on the linked step: hide=steps drops the step list and Previous/Next', async () => {
    const fake = await lessonsPage(memoryStorage(), 0);
    act(() =>
      fake.store
        .getState()
        .loadLessonLink(decodeLessonLink('?view=lessons&step=5&hide=steps,views')),
    );
    expect(screen.getByTestId('lesson-title').textContent).toBe(LESSONS[4]!.title);
    expect(screen.queryByRole('navigation', { name: 'Lesson steps' })).toBeNull();
    expect(screen.queryByRole('navigation', { name: 'Step navigation' })).toBeNull();
    expect(screen.queryByTestId('lesson-prev')).toBeNull();
    expect(screen.queryByTestId('lesson-next')).toBeNull();
    // The step still says where it sits among the lessons.
    expect(screen.getByText(`Step 5 of ${LESSONS.length}`)).toBeTruthy();

    act(() => fake.store.getState().loadLessonLink(decodeLessonLink('?view=lessons&step=5')));
    expect(screen.getByTestId('lesson-prev')).toBeTruthy();
    expect(screen.getByTestId('lesson-next')).toBeTruthy();
  });
});
