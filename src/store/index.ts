export { createAppStore, type AppState, type AppStore } from './appStore';
export * from './selectors';
export { createUrlSync, type UrlSync } from './urlSync';
export { selectViewHidden } from './viewLinks';
export type { BatchPoint, TrainingState } from './trainingReducer';
export type { ThemeChoice } from './uiSlice';
export type { Finding, Verdict } from './verdict';
export * from './gridSelectors';
export * from './measurementSelectors';
export { activeLessonTraining, isJudgeable, lessonRunOf, selectLessonBlocker } from './lessonRun';
export type { LessonRunState } from './lessonsSlice';
export { LESSON_PROGRESS_KEY, type ProgressStorage } from './persistence/lessonProgress';
export {
  selectClassBarShown,
  selectClassGrid,
  selectClassroom,
  selectSliceProblem,
  VIEW_SLICES,
  type LazyArea,
} from './lazyState';
export { loadAllSliceCode, preloadSliceCode } from './lazySlices';
