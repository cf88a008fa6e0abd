import { describe, expect, it } from 'vitest';
import { LESSONS, lessonConfig } from '../core';
import { selectLessonBlocker } from './lessonRun';
import { selectGridBlocker, selectTrainBlocker } from './runBlockers';
import { selectCanMeasure } from './measurementSelectors';
import { selectCanChangeData } from './selectors';
import { createFakeWorker, urlEnv } from './testing';
import { createUrlSync } from './urlSync';

describe('lessons in the store', () => {
  it('opens the step a link names, lists what it ignored, and writes the step back', () => {
    const { store } = createFakeWorker({ lessonStorage: null });
    const page = urlEnv('?view=lessons&step=4&hide=steps,bogus&act=softmax');
    const sync = createUrlSync(store, page.value);
    const state = store.getState();
    expect(state.view).toBe('lessons');
    expect(state.lessons.step).toBe(3);
    expect(state.lessons.hide).toEqual(['steps']);
    expect(state.ui.notices.map((n) => `${n.key}=${n.value}`)).toEqual([
      'hide=bogus',
      'act=softmax',
    ]);
    state.setLessonStep(5);
    page.tick();
    expect(page.written).toEqual(['/?view=lessons&step=6&hide=steps']);
    expect(sync.shareUrl()).toBe('http://localhost/?view=lessons&step=6&hide=steps');
  });

  it('falls back to the first step on a bad step, with a notice', () => {
    const { store } = createFakeWorker({ lessonStorage: null });
    createUrlSync(store, urlEnv('?view=lessons&step=99').value);
    expect(store.getState().lessons.step).toBe(0);
    expect(store.getState().ui.notices).toEqual([
      { key: 'step', value: '99', reason: `expected a step from 1 to ${LESSONS.length}` },
    ]);
  });

  it('a lesson run holds the worker: the trainer and the grid wait, and it runs the preset', async () => {
    const fake = await (async () => {
      const f = createFakeWorker({ lessonStorage: null });
      await f.store.getState().startWorker({ backend: 'auto', sampleCount: 0, seed: 42 });
      return f;
    })();
    const { store } = fake;
    const step = LESSONS.findIndex((l) => l.id === 'from-logits');
    store.getState().setLessonStep(step);
    expect(selectLessonBlocker(store.getState(), LESSONS[store.getState().lessons.step])).toBe(
      'Make your prediction first.',
    );
    store.getState().predictLesson('from-logits', 'not-a-choice');
    expect(store.getState().lessons.progress).toEqual({});
    store.getState().predictLesson('from-logits', 'stalls');
    expect(
      selectLessonBlocker(store.getState(), LESSONS[store.getState().lessons.step]),
    ).toBeNull();
    void store.getState().runLesson();
    expect(fake.trained).toEqual(lessonConfig(LESSONS[step]!));
    expect(store.getState().runOwner).toEqual({ kind: 'lesson', lessonId: 'from-logits' });
    expect(selectTrainBlocker(store.getState())).toBe(
      'A lesson is running; wait for it to finish.',
    );
    expect(selectGridBlocker(store.getState())).toBe('A lesson is running; wait for it to finish.');
    expect(selectCanChangeData(store.getState())).toBe(false);
    expect(selectCanMeasure(store.getState())).toBe(false);
    expect(selectLessonBlocker(store.getState(), LESSONS[store.getState().lessons.step])).toBe(
      'The lesson’s run is in progress.',
    );
    fake.emit({ type: 'error', message: 'worker lost' });
    fake.finish();
    fake.frame();
    // A failed run is not judged: the prediction stays, and the lesson may run again.
    expect(store.getState().lessons.run?.training.status).toBe('error');
    expect(store.getState().lessons.progress).toEqual({ 'from-logits': { predicted: 'stalls' } });
    expect(store.getState().runOwner).toBeNull();
    expect(
      selectLessonBlocker(store.getState(), LESSONS[store.getState().lessons.step]),
    ).toBeNull();
    expect(selectTrainBlocker(store.getState())).toBeNull();
    expect(selectCanChangeData(store.getState())).toBe(true);
  });
});
