/**
 * What the store holds of the lazily loaded slices (./lazySlices.ts) before their code has
 * loaded: each slice's default state, small enough for the first screen's chunk, and the names of
 * its actions (each a stub until then; `takeGridAutorun` and `attachStoredGrid`, which the first screen calls,
 * have defaults that do what the slice would do with its defaults). `lazySlices.test.ts` checks each list against the slice.
 */
import { DEFAULT_CONFIG, type View } from '../core';
import type { AppState } from './appStore';
import type { ClassGridSlice, ClassGridState } from './class/classGridSlice';
import type { ClassroomState, ClassSlice } from './class/classSlice';
import type { GridSlice, GridState } from './gridSlice';
import type { LessonsSlice, LessonsState } from './lessonsSlice';
import { INITIAL_TRAINING } from './trainingReducer';

/** The slices that load on first use: the lessons, the grid and the class session. */
export type LazyArea = 'lessons' | 'grid' | 'class';

type ActionOf<S> = {
  [K in keyof S]: S[K] extends (...args: never[]) => unknown ? K : never;
}[keyof S];

/** Every action of each lazy slice (a stub until the slice's code has loaded). */
export const LAZY_ACTIONS = {
  lessons: [
    'setLessonStep',
    'predictLesson',
    'runLesson',
    'retryLesson',
    'resetLessonProgress',
    'loadLessonLink',
  ] satisfies ActionOf<LessonsSlice>[],
  grid: [
    'setGridSpec',
    'setAxis',
    'setGridBase',
    'setGridDataset',
    'applyGridPreset',
    'loadGridLink',
    'adoptTrainerSettings',
    'runGrid',
    'stopGrid',
    'selectCell',
    'openGrid',
    'detachGrid',
    'dismissGridNotices',
  ] satisfies ActionOf<GridSlice>[],
  class: [
    'startClass',
    'openClassLink',
    'joinClass',
    'resumeClass',
    'leaveClass',
    'dismissClassProblem',
    'sendLessonStep',
    'revealRound',
    'sendToClass',
    'endClass',
    'setFollowing',
    'postPrediction',
    'postRun',
    'postWork',
    'sendSweep',
    'stopSweep',
    'assignSweep',
    'declineClassGrid',
    'rejoinClassGrid',
    'tickClassGrid',
  ] satisfies ActionOf<ClassSlice & ClassGridSlice>[],
} as const satisfies Record<LazyArea, readonly string[]>;

/**
 * The slices whose code a view needs before it can show (the others need none): the class view
 * offers the Grid tab's grid to the class, so it shows the grid's state too.
 */
export const VIEW_SLICES: Readonly<Partial<Record<View, readonly LazyArea[]>>> = {
  grid: ['grid'],
  lessons: ['lessons'],
  class: ['class', 'grid'],
};

export const INITIAL_CLASSROOM: ClassroomState = {
  role: null,
  code: null,
  studentId: null,
  name: '',
  pendingCode: null,
  busy: false,
  problem: null,
  noServer: false,
  snapshot: null,
  following: true,
  seenRound: 0,
  seenFollow: 0,
};

export const INITIAL_CLASS_GRID: ClassGridState = {
  seq: null,
  declined: false,
  cell: null,
  training: INITIAL_TRAINING,
  attempted: [],
  error: null,
};

/** A grid that is not running: its spec, preset and plan, no record, runs or selection. */
export function idleGrid(
  spec: GridState['spec'],
  presetId: string | null,
  planned: Pick<GridState, 'cells' | 'planError'>,
): GridState {
  return {
    spec,
    presetId,
    ...planned,
    record: null,
    runs: {},
    status: 'idle',
    currentCellId: null,
    current: INITIAL_TRAINING,
    selectedCellId: null,
    error: null,
    notices: [],
    autorunPending: false,
  };
}

/**
 * The lazy slices' state until their code loads. The grid's and the lessons' are placeholders
 * that the loaded slice replaces (the grid's planned preset, the stored lesson progress) unless
 * something changed them first; nothing reads them before then but the first screen's checks.
 */
export function lazyDefaults(): Pick<
  AppState,
  'lessons' | 'grid' | 'classroom' | 'classGrid' | 'takeGridAutorun' | 'attachStoredGrid'
> {
  const grid = idleGrid({ base: DEFAULT_CONFIG, axes: {} }, null, { cells: [], planError: null });
  const lessons: LessonsState = {
    step: 0,
    hide: [],
    progress: {},
    storageProblem: null,
    run: null,
  };
  return {
    lessons,
    grid,
    classroom: INITIAL_CLASSROOM,
    classGrid: INITIAL_CLASS_GRID,
    // Answers at once: only a grid link read by the grid's code sets an autorun, so there is none
    // before it has loaded.
    takeGridAutorun: () => false,
    // The history asks after each read; before the grid's code has loaded there is no grid shown
    // to attach a stored one to (the grid's code attaches once it has, `GRID_CODE.afterInstall`).
    attachStoredGrid: () => undefined,
  };
}

export const selectClassroom = (state: AppState): ClassroomState => state.classroom;
export const selectClassGrid = (state: AppState): ClassGridState => state.classGrid;

/**
 * Whether the class line under the header has anything to show (a join prompt, a problem, a
 * student's class): only then does its code load.
 */
export const selectClassBarShown = ({ classroom }: AppState): boolean =>
  classroom.problem !== null ||
  classroom.pendingCode !== null ||
  (classroom.role === 'student' && classroom.code !== null);

/** A slice whose code could not load, and why (src/store/lazySlices.ts), or null. */
export const selectSliceProblem = (state: AppState) => state.sliceProblem;
