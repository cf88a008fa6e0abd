import { LESSONS, type Lesson, type LessonProgress } from '../../core';

/** Steps run, and of those how many the student predicted right. */
export function progressSummary(progress: LessonProgress): { done: number; right: number } {
  let done = 0;
  let right = 0;
  for (const lesson of LESSONS) {
    const entry = progress[lesson.id];
    if (entry?.observed === undefined) continue;
    done++;
    if (entry.predicted === entry.observed) right++;
  }
  return { done, right };
}

/** A step's state in words (for the list's accessible names and its marks). */
export function stepState(
  lesson: Lesson,
  progress: LessonProgress,
): 'right' | 'wrong' | 'predicted' | 'new' {
  const entry = progress[lesson.id];
  if (entry?.observed !== undefined) return entry.predicted === entry.observed ? 'right' : 'wrong';
  return entry?.predicted !== undefined ? 'predicted' : 'new';
}

const MARK: Record<ReturnType<typeof stepState>, { symbol: string; words: string }> = {
  right: { symbol: '✓', words: 'run, prediction right' },
  wrong: { symbol: '✗', words: 'run, prediction wrong' },
  predicted: { symbol: '•', words: 'predicted, not run yet' },
  new: { symbol: '', words: 'not started' },
};

/** The steps, with what the student has done on each; picking one opens it. */
export function LessonStepList({
  current,
  progress,
  onPick,
}: {
  current: number;
  progress: LessonProgress;
  onPick: (step: number) => void;
}) {
  return (
    <nav className="lesson-steps" aria-label="Lesson steps">
      <ol>
        {LESSONS.map((lesson, i) => {
          const state = stepState(lesson, progress);
          return (
            <li key={lesson.id}>
              <button
                type="button"
                className={`lesson-step-link state-${state}`}
                aria-current={i === current ? 'step' : undefined}
                data-testid={`lesson-step-${i + 1}`}
                data-state={state}
                onClick={() => onPick(i)}
              >
                <span className="lesson-step-number" aria-hidden="true">
                  {i + 1}
                </span>
                {/* The title is dropped where the list is a row of numbers; the name stays. */}
                <span className="lesson-step-title" aria-hidden="true">
                  {lesson.title}
                </span>
                <span className="sr-only">
                  Step {i + 1}: {lesson.title} ({MARK[state].words})
                </span>
                <span className="lesson-step-mark" aria-hidden="true">
                  {MARK[state].symbol}
                </span>
              </button>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
