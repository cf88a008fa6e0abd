/**
 * The parts of the page that load on demand (see ./lazy.tsx): one place, so that the views and
 * the tabs that preload them agree.
 */
import { lazyPart } from './lazy';

export const curvesPart = lazyPart(
  () => import('./Curves'),
  (m) => m.Curves,
);
/** The gradient chart: the curves' chunk, shown under the run's log. */
export const gradientPart = lazyPart(
  () => import('./Curves'),
  (m) => m.GradientPanel,
);
export const resultsPart = lazyPart(
  () => import('./Results'),
  (m) => m.Results,
);
export const codeExportPart = lazyPart(
  () => import('./codeExport/CodeExportPanel'),
  (m) => m.CodeExportPanel,
);
export const gridPart = lazyPart(
  () => import('./grid/GridView'),
  (m) => m.GridView,
);
export const historyPart = lazyPart(
  () => import('./history/HistoryView'),
  (m) => m.HistoryView,
);
export const lossLabPart = lazyPart(
  () => import('./lossLab/LossLabPanel'),
  (m) => m.LossLabPanel,
);
export const frameworksPart = lazyPart(
  () => import('./frameworks/TrainerFrameworks'),
  (m) => m.TrainerFrameworks,
);
export const lessonsPart = lazyPart(
  () => import('./lessons/LessonsView'),
  (m) => m.LessonsView,
);
export const classPart = lazyPart(
  () => import('./class/ClassView'),
  (m) => m.ClassView,
);

/** What a trainer run needs soon after the first screen: loaded when the page is idle. */
export const TRAINER_PARTS = [curvesPart, resultsPart, codeExportPart];
