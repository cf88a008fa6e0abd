/**
 * A student's progress through the lessons: per lesson, the prediction they made and what the
 * run showed. Stored by the page (src/store/persistence/lessonProgress.ts); read back through
 * `parseLessonProgress`, which keeps only entries that name a lesson and one of its choices, so a
 * stale or tampered store cannot put anything else on the page.
 */
import * as v from 'valibot';
import { LESSONS } from './steps';

export interface LessonEntry {
  /** The choice the student predicted, before running. */
  predicted?: string;
  /** The choice the run's numbers supported. */
  observed?: string;
}

export type LessonProgress = Readonly<Record<string, LessonEntry>>;

const entrySchema = v.object({
  predicted: v.optional(v.string()),
  observed: v.optional(v.string()),
});

/** Valid entries of stored progress (anything else is dropped). Never throws. */
export function parseLessonProgress(raw: unknown): LessonProgress {
  const result = v.safeParse(v.record(v.string(), v.unknown()), raw);
  if (!result.success) return {};
  const out: Record<string, LessonEntry> = {};
  for (const lesson of LESSONS) {
    const entry = v.safeParse(entrySchema, result.output[lesson.id]);
    if (!entry.success) continue;
    const ids = lesson.choices.map((c) => c.id);
    const { predicted, observed } = entry.output;
    const kept: LessonEntry = {
      ...(predicted !== undefined && ids.includes(predicted) ? { predicted } : {}),
      ...(observed !== undefined && ids.includes(observed) ? { observed } : {}),
    };
    if (kept.predicted !== undefined || kept.observed !== undefined) out[lesson.id] = kept;
  }
  return out;
}

/** Lessons whose run has been seen, out of all. */
export function lessonsDone(progress: LessonProgress): number {
  return LESSONS.filter((l) => progress[l.id]?.observed !== undefined).length;
}
