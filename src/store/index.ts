export { createAppStore, type AppState, type AppStore, type StoreDeps } from './appStore';
export * from './selectors';
export { createUrlSync, type UrlSync, type UrlSyncEnv } from './urlSync';
export {
  isTrainerBusy,
  type BatchPoint,
  type TrainingProgress,
  type TrainingState,
  type TrainingStatus,
} from './trainingReducer';
export type { ThemeChoice } from './uiSlice';
export type { Finding, SuggestedFix, Verdict } from './verdict';
export { nextFrame, type FrameScheduler } from './eventBatcher';
export * from './gridSelectors';
export type { GridState, GridStatus } from './gridSlice';
export type { HistoryState, ModelFiles } from './historySlice';
export type { StorageProblem } from './persistence/runDb';
export * from './measurementSelectors';
export type { MeasurementState } from './measurementSlice';
export { isJudgeable, lessonRunOf, type LessonRunState, type LessonsState } from './lessonsSlice';
export { LESSON_PROGRESS_KEY, type ProgressStorage } from './persistence/lessonProgress';
export {
  INITIAL_CLASSROOM,
  selectClassroom,
  type ClassroomState,
  type ClassDeps,
} from './class/classSlice';
export type { ClassSnapshot } from './class/connection';
export { classRunOf, runLabel } from './class/classRuns';
