/**
 * The guided lessons' state: the step shown, what a link hides, the student's progress (kept in
 * localStorage, see persistence/lessonProgress.ts) and the run of a lesson's configuration. The
 * run goes through the store's one run session, like the trainer's and the grid's: same worker
 * call, same event batcher, same reducer; only its state is the lesson's own, so a lesson never
 * replaces what the trainer shows.
 */
import type { StateCreator } from 'zustand/vanilla';
import {
  LESSONS,
  lessonConfig,
  type DecodedLessonLink,
  type Lesson,
  type LessonEntry,
  type LessonPart,
  type LessonProgress,
  type LessonRun,
} from '../core';
import type { AppState, SliceDeps } from './appStore';
import {
  browserStorage,
  loadLessonProgress,
  saveLessonProgress,
  type ProgressStorage,
} from './persistence/lessonProgress';
import { isGridBusy } from './gridSlice';
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

export const isLessonBusy = (run: LessonRunState | null): boolean =>
  run !== null && isTrainerBusy(run.training.status);

/** What the judge reads from a run's state. */
export function lessonRunOf(run: LessonRunState): LessonRun {
  const { training } = run;
  return {
    ...(run.rejected ? { rejected: run.rejected } : {}),
    ...(training.run ? { metric: training.run.metric } : {}),
    history: training.history,
    ...(training.result ? { result: training.result } : {}),
  };
}

/** Whether a run has an outcome the judge may read: refused, or trained to the end (or diverged). */
export function isJudgeable(run: LessonRunState): boolean {
  if (run.rejected) return true;
  const { status, doneReason, result } = run.training;
  return status === 'done' && result !== null && doneReason !== 'stopped';
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
        if (!lesson || selectLessonBlocker(state) !== null) return;
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
          };
          patch({ run });
          judge(run);
          return;
        }
        patch({
          run: {
            lessonId: lesson.id,
            rejected: null,
            training: { ...INITIAL_TRAINING, status: 'starting' },
          },
        });
        const handle = deps.session.run(config, (burst) => {
          const current = get().lessons.run;
          if (!current) return;
          const run = { ...current, training: applyEvents(current.training, burst) };
          patch({ run });
          if (run.training.status === 'done' && current.training.status !== 'done') judge(run);
        });
        ticket = handle.ticket;
        await handle.ended;
      },
      retryLesson(lessonId) {
        if (isLessonBusy(get().lessons.run)) return;
        writeEntry(lessonId, undefined);
        if (get().lessons.run?.lessonId === lessonId) patch({ run: null });
      },
      resetLessonProgress() {
        if (isLessonBusy(get().lessons.run)) return;
        patch({ progress: {}, run: null, storageProblem: saveLessonProgress(storage, {}) });
      },
      loadLessonLink(link) {
        patch({ step: link.step, hide: link.hide });
        set({ ui: { ...get().ui, notices: link.ignored } });
      },
    };
  };

/** Why a lesson cannot run now, in a sentence, or null when it can. */
export function selectLessonBlocker(state: AppState): string | null {
  const lesson = LESSONS[state.lessons.step];
  if (!lesson) return 'There is no such lesson step.';
  const entry = state.lessons.progress[lesson.id];
  if (entry?.predicted === undefined) return 'Make your prediction first.';
  if (entry.observed !== undefined) return 'This step has run; choose Try again to predict afresh.';
  const round = state.classroom.snapshot?.control.round;
  if (
    state.classroom.role === 'student' &&
    round?.lesson === lesson.id &&
    round.phase === 'predict'
  ) {
    return 'Your class runs this step once the instructor reveals the answer.';
  }
  if (isLessonBusy(state.lessons.run)) return 'The lesson’s run is in progress.';
  if (state.derived.verdict(lessonConfig(lesson)).level === 'error') return null;
  if (state.system.status !== 'ready') return 'The training worker is not ready yet.';
  if (isTrainerBusy(state.training.status)) {
    return 'The trainer is running; stop it or wait for it to finish.';
  }
  if (isGridBusy(state.grid.status)) {
    return 'The grid is running; stop it or wait for it to finish.';
  }
  return null;
}
