/**
 * A student's lesson progress in the browser's localStorage: a few hundred bytes, read once when
 * the store is made and written after every change. Storage can be blocked (privacy settings, a
 * sandboxed frame) or full; then the progress stays in the page's memory, the page says so, and
 * nothing the student did is lost until the tab closes.
 */
import { messageOf, parseLessonProgress, type LessonProgress } from '../../core';

/** The parts of `Storage` the progress uses (tests pass a fake). */
export type ProgressStorage = Pick<Storage, 'getItem' | 'setItem'>;

export const LESSON_PROGRESS_KEY = 'losslab.lessons.v1';

/** What went wrong with the browser's storage, in a sentence for the page; null when fine. */
export type ProgressProblem = string | null;

const BLOCKED =
  'This browser does not let the page keep your lesson progress (storage is blocked): it is kept until you close this tab.';

/** The page's localStorage, or null where reading it throws (blocked storage). */
export function browserStorage(): ProgressStorage | null {
  try {
    return typeof window === 'undefined' ? null : window.localStorage;
  } catch {
    return null;
  }
}

/** Reads stored progress; anything unreadable or invalid is dropped. Never throws. */
export function loadLessonProgress(storage: ProgressStorage | null): {
  progress: LessonProgress;
  problem: ProgressProblem;
} {
  if (!storage) return { progress: {}, problem: BLOCKED };
  try {
    const raw = storage.getItem(LESSON_PROGRESS_KEY);
    if (raw === null) return { progress: {}, problem: null };
    return { progress: parseLessonProgress(JSON.parse(raw)), problem: null };
  } catch (error) {
    // A corrupt entry is not the student's problem: start afresh, the next save replaces it.
    if (error instanceof SyntaxError) return { progress: {}, problem: null };
    return { progress: {}, problem: `${BLOCKED} (${messageOf(error)})` };
  }
}

/** Writes progress; returns the problem to show (null when it was stored). Never throws. */
export function saveLessonProgress(
  storage: ProgressStorage | null,
  progress: LessonProgress,
): ProgressProblem {
  if (!storage) return BLOCKED;
  try {
    storage.setItem(LESSON_PROGRESS_KEY, JSON.stringify(progress));
    return null;
  } catch (error) {
    return `Your lesson progress could not be saved in this browser (${messageOf(error)}; storage may be full): it is kept until you close this tab.`;
  }
}
