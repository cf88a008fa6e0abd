/**
 * The guided lessons' state: the step shown, what a link hides, the student's progress (kept in
 * localStorage, see persistence/lessonProgress.ts) and the run of a lesson's configuration. The
 * run goes through the store's one run session, like the trainer's and the grid's: same worker
 * call, same event batcher, same reducer; only its state is the lesson's own, so a lesson never
 * replaces what the trainer shows. This module loads on first use (./lazySlices.ts); the state's
 * defaults before then are in ./lazyState.ts.
 */
import type { StateCreator } from 'zustand/vanilla';
import {
  LESSONS,
  decodeLessonLink,
  encodeLessonLink,
  lessonConfig,
  referenceConfig,
  type DecodedLessonLink,
  type Lesson,
  type LessonEntry,
  type LessonPart,
  type LessonProgress,
  type RunConfig,
} from '../core';
import type { AppState, SliceDeps } from './appStore';
import type { SliceCode } from './lazySlices';
import {
  browserStorage,
  loadLessonProgress,
  saveLessonProgress,
  type ProgressStorage,
} from './persistence/lessonProgress';
import { isFinished, isJudgeable, lessonRunOf, selectLessonBlocker } from './lessonRun';
import { ownsRun, releaseRun } from './runOwner';
import type { Ticket } from './runSession';
import {
  INITIAL_TRAINING,
  applyEvents,
  isTrainerBusy,
  type TrainingState,
} from './trainingReducer';

/** A lesson's run: Keras' refusal (nothing trained), or the trainer's state of its run. */
export interface LessonRunState {
  lessonId: string;
  rejected: { type: string; message: string } | null;
  training: TrainingState;
  /**
   * The lesson's reference configuration (`Lesson.reference`), trained once the run completed;
   * null when the lesson has none or Keras refused the run.
   */
  reference: TrainingState | null;
}

export interface LessonsState {
  /** 0-based index into `LESSONS`. */
  step: number;
  hide: LessonPart[];
  progress: LessonProgress;
  /** Why the progress could not be stored (it is kept in memory), or null. */
  storageProblem: string | null;
  /** The latest lesson run (for the step shown, or one the student left). */
  run: LessonRunState | null;
}

export interface LessonsSlice {
  lessons: LessonsState;
  setLessonStep: (step: number) => void;
  /** The student's prediction for a lesson; ignored once its run has been judged. */
  predictLesson: (lessonId: string, choice: string) => void;
  /** Runs the shown step's configuration (or shows Keras' refusal); needs a prediction first. */
  runLesson: () => Promise<void>;
  /** Forgets a lesson's prediction and result, to predict and run it again. */
  retryLesson: (lessonId: string) => void;
  /** Forgets every lesson's progress. */
  resetLessonProgress: () => void;
  loadLessonLink: (link: DecodedLessonLink) => void;
}

const lessonById = (id: string): Lesson | undefined => LESSONS.find((l) => l.id === id);

export const createLessonsSlice =
  (
    deps: SliceDeps & { lessonStorage?: ProgressStorage | null },
  ): StateCreator<AppState, [], [], LessonsSlice> =>
  (set, get) => {
    const storage = deps.lessonStorage === undefined ? browserStorage() : deps.lessonStorage;
    const loaded = loadLessonProgress(storage);
    let ticket: Ticket | null = null;
    const patch = (next: Partial<LessonsState>) => set({ lessons: { ...get().lessons, ...next } });
    /** Replaces a lesson's entry (undefined: forgets it) and stores the whole progress. */
    const writeEntry = (lessonId: string, entry: LessonEntry | undefined) => {
      const progress: Record<string, LessonEntry> = { ...get().lessons.progress };
      if (entry) progress[lessonId] = entry;
      else delete progress[lessonId];
      patch({ progress, storageProblem: saveLessonProgress(storage, progress) });
    };
    /** Judges a finished run once, into the progress. */
    const judge = (run: LessonRunState) => {
      const lesson = lessonById(run.lessonId);
      if (!lesson || !isJudgeable(run)) return;
      const observed = lesson.judge(lessonRunOf(run)).choice;
      writeEntry(lesson.id, { ...get().lessons.progress[lesson.id], observed });
    };

    return {
      lessons: {
        step: 0,
        hide: [],
        progress: loaded.progress,
        storageProblem: loaded.problem,
        run: null,
      },
      setLessonStep(step) {
        patch({ step: Math.min(Math.max(Math.trunc(step), 0), LESSONS.length - 1) });
      },
      predictLesson(lessonId, choice) {
        const lesson = lessonById(lessonId);
        const entry = get().lessons.progress[lessonId];
        if (!lesson || entry?.observed !== undefined) return;
        if (!lesson.choices.some((c) => c.id === choice)) return;
        writeEntry(lessonId, { predicted: choice });
      },
      async runLesson() {
        const state = get();
        const lesson = LESSONS[state.lessons.step];
        if (!lesson || selectLessonBlocker(state, lesson) !== null) return;
        const config = lessonConfig(lesson);
        const verdict = state.derived.verdict(config);
        if (verdict.level === 'error') {
          // Keras raises before the first step: the lesson shows that, as the trainer does.
          ticket?.drop();
          const run: LessonRunState = {
            lessonId: lesson.id,
            rejected: {
              type: verdict.kerasErrorType ?? 'Error',
              message: verdict.kerasError ?? verdict.explanation,
            },
            training: INITIAL_TRAINING,
            reference: null,
          };
          patch({ run });
          judge(run);
          return;
        }
        const reference = referenceConfig(lesson);
        set({
          lessons: {
            ...get().lessons,
            run: {
              lessonId: lesson.id,
              rejected: null,
              training: { ...INITIAL_TRAINING, status: 'starting' },
              reference: reference ? INITIAL_TRAINING : null,
            },
          },
          runOwner: { kind: 'lesson', lessonId: lesson.id },
        });
        // The reference trains in the same session once the lesson's own run has finished; the
        // lesson keeps the worker in between, and is judged when both are done.
        const startReference = (config: RunConfig) => {
          const started = get().lessons.run;
          if (!started?.reference) return;
          patch({ run: { ...started, reference: { ...INITIAL_TRAINING, status: 'starting' } } });
          ticket = deps.session.run(config, (burst) => {
            const current = get().lessons.run;
            if (!current?.reference) return;
            const run = { ...current, reference: applyEvents(current.reference, burst) };
            const ended = !isTrainerBusy(run.reference.status);
            set({
              lessons: { ...get().lessons, run },
              ...(ended ? releaseRun(get(), 'lesson') : {}),
            });
            if (ended) judge(run);
          }).ticket;
        };
        const handle = deps.session.run(config, (burst) => {
          const current = get().lessons.run;
          if (!current) return;
          const run = { ...current, training: applyEvents(current.training, burst) };
          const ended = !isTrainerBusy(run.training.status);
          const next = ended && reference && isFinished(run.training) ? reference : null;
          set({
            lessons: { ...get().lessons, run },
            ...(ended && !next ? releaseRun(get(), 'lesson') : {}),
          });
          if (next) startReference(next);
          else if (run.training.status === 'done' && current.training.status !== 'done') judge(run);
        });
        ticket = handle.ticket;
        await handle.ended;
      },
      retryLesson(lessonId) {
        if (ownsRun(get(), 'lesson')) return;
        writeEntry(lessonId, undefined);
        if (get().lessons.run?.lessonId === lessonId) patch({ run: null });
      },
      resetLessonProgress() {
        if (ownsRun(get(), 'lesson')) return;
        patch({ progress: {}, run: null, storageProblem: saveLessonProgress(storage, {}) });
      },
      loadLessonLink(link) {
        patch({ step: link.step, hide: link.hide });
        set({ ui: { ...get().ui, notices: link.ignored } });
      },
    };
  };

/** The lessons' code, loaded on first use (./lazySlices.ts). */
export const LESSONS_CODE: SliceCode = {
  create: (deps, api) => createLessonsSlice(deps)(api.setState, api.getState, api),
  link: {
    read: (store, search) => store.getState().loadLessonLink(decodeLessonLink(search)),
    write: (state) => encodeLessonLink(state.lessons.step, state.lessons.hide),
  },
};
