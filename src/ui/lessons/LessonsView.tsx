import './lessons.css';
import { useCallback, useRef } from 'react';
import { LESSONS } from '../../core';
import { useShallow } from 'zustand/react/shallow';
import { selectLessonActions, selectLessons } from '../../store';
import { LinkNotices } from '../LinkNotices';
import { useAppStore } from '../storeContext';
import { LessonStep } from './LessonStep';
import { LessonStepList, progressSummary } from './LessonStepList';

/**
 * The guided lessons: one step at a time, the student predicts before the run, then sees the run
 * against the prediction. `?view=lessons&step=N` opens step N; `hide=steps` drops the step list
 * and the Previous/Next buttons, so a class stays on the linked step.
 */
export function LessonsView() {
  const lessons = useAppStore(selectLessons);
  const { setLessonStep: setStep, resetLessonProgress: resetProgress } = useAppStore(
    useShallow(selectLessonActions),
  );
  const headingRef = useRef<HTMLHeadingElement>(null);
  const lesson = LESSONS[lessons.step] ?? LESSONS[0]!;
  const { done, right } = progressSummary(lessons.progress);
  const stepsHidden = lessons.hide.includes('steps');

  /** Moves to a step and puts the focus on its title, as a page change would. */
  const goTo = useCallback(
    (step: number) => {
      setStep(step);
      // The new step renders with this frame; its heading takes the focus after it.
      requestAnimationFrame(() => headingRef.current?.focus());
    },
    [setStep],
  );

  return (
    <div className="lessons" data-testid="lessons-view">
      <LinkNotices />
      <div className="lessons-top">
        <p className="lessons-summary" data-testid="lessons-summary">
          <strong>
            {done} of {LESSONS.length}
          </strong>{' '}
          steps run, <strong>{right}</strong> {right === 1 ? 'prediction' : 'predictions'} right
        </p>
        {done > 0 && (
          <button type="button" className="link-button small" onClick={resetProgress}>
            Start the lessons afresh
          </button>
        )}
      </div>
      {lessons.storageProblem && (
        <p className="notice small" role="alert" data-testid="lessons-storage">
          {lessons.storageProblem}
        </p>
      )}
      <div className={`lessons-layout${stepsHidden ? ' no-steps' : ''}`}>
        {!stepsHidden && (
          <LessonStepList current={lessons.step} progress={lessons.progress} onPick={goTo} />
        )}
        <LessonStep
          key={lesson.id}
          lesson={lesson}
          step={lessons.step}
          headingRef={headingRef}
          onStep={stepsHidden ? null : goTo}
        />
      </div>
    </div>
  );
}
