/**
 * The trainer's parts that load on demand (see ./lazy.tsx). The views themselves are in
 * ./viewParts.ts.
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
export const frameworksPart = lazyPart(
  () => import('./frameworks/TrainerFrameworks'),
  (m) => m.TrainerFrameworks,
);

/** What a trainer run needs soon after the first screen: loaded when the page is idle. */
export const TRAINER_PARTS = [curvesPart, resultsPart, codeExportPart];
