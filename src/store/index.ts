export { createAppStore, type AppState, type AppStore } from './appStore';
export * from './selectors';
export { createUrlSync, type UrlSync } from './urlSync';
export type { BatchPoint, TrainingState } from './trainingReducer';
export type { ThemeChoice } from './uiSlice';
export type { Finding, Verdict } from './verdict';
export * from './gridSelectors';
export * from './measurementSelectors';
export { isJudgeable, lessonRunOf, type LessonRunState } from './lessonsSlice';
export { LESSON_PROGRESS_KEY, type ProgressStorage } from './persistence/lessonProgress';
export {
  INITIAL_CLASSROOM,
  selectClassroom,
  type ClassroomState,
  type ClassDeps,
} from './class/classSlice';
export type { ClassSnapshot } from './class/connection';
export { classRunOf, runLabel } from './class/classRuns';
