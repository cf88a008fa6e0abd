/**
 * What the class's Yjs documents hold, as plain JSON (the page and the server read a document's
 * maps with `toJSON()` and hand them here). Every entry is validated: the page drops what does
 * not fit, and the server refuses a student's update that would store anything that does not.
 *
 * Class document (instructor writes; the server adds students to `students`):
 *   control.round   the lesson step sent to the class, or null
 *   control.follow  a configuration or view sent to everyone, or null
 *   control.hide    controls locked for the class (the `hide=` vocabulary)
 *   control.ended   when the instructor ended the class (ms), or null
 *   control.sweep   the class grid sent to the class (its grid link), or null
 *   control.assign  which cells of that grid each student trains
 *   students        studentId → { name, joinedAt }
 * Student document (that student writes):
 *   predictions     round seq → { lesson, choice, at }
 *   runs            run id → a run's configuration, final numbers and epoch curve (a class grid
 *                   cell's run names its sweep and cell)
 *   work            sweep seq → what this student's page is doing for that class grid, and when
 */
import * as v from 'valibot';
import { MAX_GRID_CELLS } from '../grid/spec';
import { VIEWS } from '../views';
import { CLASS_LIMITS } from './protocol';

const finite = v.pipe(v.number(), v.finite());
/** A metric value: NaN travels as null (JSON has no NaN). */
const value = v.nullable(finite);
const shortText = (max: number) => v.pipe(v.string(), v.maxLength(max));
const seq = v.pipe(v.number(), v.integer(), v.minValue(0));

export const roundSchema = v.strictObject({
  /** Increases with every step sent: predictions are filed under it. */
  seq,
  /** 0-based lesson index. */
  step: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(99)),
  lesson: shortText(64),
  phase: v.picklist(['predict', 'reveal']),
});
export type ClassRound = v.InferOutput<typeof roundSchema>;

export const followSchema = v.strictObject({
  seq,
  view: v.picklist(VIEWS),
  /** The trainer's link query (without `?`), or '' to change only the view. */
  query: shortText(2000),
});
export type ClassFollow = v.InferOutput<typeof followSchema>;

/** A cell's index in the sweep's planned cells (`planGrid` order). */
const cellIndex = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_GRID_CELLS - 1));

export const sweepSchema = v.strictObject({
  /** Increases with every sweep sent: runs and work are filed under it. */
  seq,
  /** What the grid was called on the instructor's page ("The classic table"). */
  title: shortText(80),
  /** The grid as its link writes it (`encodeGridLink`), read back with the grid link's codec. */
  link: shortText(4000),
  /** When the instructor stopped it (ms): students train no more of it; its results stay. */
  stopped: v.optional(finite),
});
export type ClassSweep = v.InferOutput<typeof sweepSchema>;

const KEY = /^[A-Za-z0-9_-]{1,64}$/;

export const assignSchema = v.strictObject({
  /** The sweep this assignment belongs to. */
  sweep: seq,
  /** studentId → the cells that student trains, in order. */
  cells: v.pipe(
    v.record(
      v.pipe(v.string(), v.regex(KEY)),
      v.pipe(v.array(cellIndex), v.maxLength(MAX_GRID_CELLS)),
    ),
    v.check(
      (cells) => Object.keys(cells).length <= CLASS_LIMITS.studentsPerClass,
      'more students than a class may have',
    ),
  ),
});
export type ClassAssign = v.InferOutput<typeof assignSchema>;

/**
 * What a student's page is doing for a sweep: `ready` for a cell, `busy` with a run of its own
 * (a class cell waits for it), `training` a cell, or `declined`. Rewritten at least every
 * `WORK_HEARTBEAT_MS` while the sweep lasts, so the instructor's page can tell a student who has
 * gone quiet (a closed laptop, a dead tab) and give their cells to others.
 */
export const workSchema = v.strictObject({
  state: v.picklist(['ready', 'busy', 'training', 'declined']),
  cell: v.optional(cellIndex),
  at: finite,
});
export type ClassWork = v.InferOutput<typeof workSchema>;

export const studentEntrySchema = v.strictObject({
  name: shortText(CLASS_LIMITS.nameLength),
  joinedAt: finite,
});
export type RosterEntry = v.InferOutput<typeof studentEntrySchema>;

export const predictionSchema = v.strictObject({
  lesson: shortText(64),
  choice: shortText(64),
  at: finite,
});
export type ClassPrediction = v.InferOutput<typeof predictionSchema>;

export const epochPointSchema = v.strictObject({
  loss: value,
  metric: value,
  valLoss: value,
  valMetric: value,
});

export const classRunSchema = v.strictObject({
  at: finite,
  source: v.picklist(['trainer', 'lesson', 'grid']),
  /** The lesson round the run answers (lesson runs). */
  round: v.optional(seq),
  lesson: v.optional(shortText(64)),
  /** The choice the run's numbers supported (lesson runs). */
  observed: v.optional(shortText(64)),
  /** The class grid and the cell the run trained (grid runs). */
  sweep: v.optional(seq),
  cell: v.optional(cellIndex),
  /** The run's configuration as the trainer's link writes it. */
  config: shortText(2000),
  /** A short description (activation · loss · labels…), for the board. */
  label: shortText(200),
  metric: shortText(64),
  status: v.picklist(['done', 'stopped', 'diverged', 'rejected']),
  testAccuracy: v.optional(value),
  epochs: v.pipe(v.array(epochPointSchema), v.maxLength(CLASS_LIMITS.curveLength)),
});
export type ClassRun = v.InferOutput<typeof classRunSchema>;

export interface ClassControl {
  round: ClassRound | null;
  follow: ClassFollow | null;
  hide: string[];
  ended: number | null;
  sweep: ClassSweep | null;
  /** The assignment of the sweep sent (null when it belongs to another sweep). */
  assign: ClassAssign | null;
}

const one = <T>(schema: v.GenericSchema<unknown, T>, raw: unknown): T | null => {
  const r = v.safeParse(schema, raw);
  return r.success ? r.output : null;
};

const asRecord = (raw: unknown): Record<string, unknown> =>
  typeof raw === 'object' && raw !== null && !Array.isArray(raw)
    ? (raw as Record<string, unknown>)
    : {};

/** The class's controls; a missing or malformed field reads as its neutral value. */
export function readControl(raw: unknown): ClassControl {
  const map = asRecord(raw);
  const hide = one(v.array(shortText(32)), map.hide) ?? [];
  const sweep = one(sweepSchema, map.sweep);
  const assign = one(assignSchema, map.assign);
  return {
    round: one(roundSchema, map.round),
    follow: one(followSchema, map.follow),
    hide: hide.slice(0, 32),
    ended: one(finite, map.ended),
    sweep,
    assign: sweep && assign?.sweep === sweep.seq ? assign : null,
  };
}

/** Valid entries of a keyed map, and how many were dropped. */
export interface Entries<T> {
  entries: Record<string, T>;
  dropped: number;
}

export function readEntries<T>(schema: v.GenericSchema<unknown, T>, raw: unknown): Entries<T> {
  const entries: Record<string, T> = {};
  let dropped = 0;
  for (const [key, item] of Object.entries(asRecord(raw))) {
    const parsed = KEY.test(key) ? one(schema, item) : null;
    if (parsed === null) dropped += 1;
    else entries[key] = parsed;
  }
  return { entries, dropped };
}

export const readRoster = (raw: unknown) => readEntries(studentEntrySchema, raw);

/** A student's document, as the page shows it. */
export interface StudentRecord {
  predictions: Record<string, ClassPrediction>;
  runs: Record<string, ClassRun>;
  /** Sweep seq → what the student's page is doing for it. */
  work: Record<string, ClassWork>;
  dropped: number;
}

export function readStudent(raw: unknown): StudentRecord {
  const doc = asRecord(raw);
  const predictions = readEntries(predictionSchema, doc.predictions);
  const runs = readEntries(classRunSchema, doc.runs);
  const work = readEntries(workSchema, doc.work);
  return {
    predictions: predictions.entries,
    runs: runs.entries,
    work: work.entries,
    dropped: predictions.dropped + runs.dropped + work.dropped,
  };
}

/** The parts of a student's document, and the schema of each entry. */
export const STUDENT_PARTS = ['predictions', 'runs', 'work'] as const;
type StudentPart = (typeof STUDENT_PARTS)[number];
const PART_SCHEMAS: Record<StudentPart, v.GenericSchema> = {
  predictions: predictionSchema,
  runs: classRunSchema,
  work: workSchema,
};
const isPart = (part: string): part is StudentPart =>
  (STUDENT_PARTS as readonly string[]).includes(part);

/** Why one entry may not be stored in a part of a student's document, or null. */
export function studentEntryProblem(part: string, key: string, value: unknown): string | null {
  if (!isPart(part)) return `unexpected part "${part}"`;
  if (!KEY.test(key) || !v.is(PART_SCHEMAS[part], value)) return 'an entry does not fit the schema';
  return null;
}

/** Why a part with this many entries may not be stored, or null. */
export function studentSizeProblem(
  part: string,
  size: number,
  limits: typeof CLASS_LIMITS = CLASS_LIMITS,
): string | null {
  if (part === 'predictions' && size > limits.predictionsPerStudent) return 'too many predictions';
  if (part === 'runs' && size > limits.runsPerStudent) return 'too many runs';
  if (part === 'work' && size > limits.sweepsPerClass) return 'too many class grids';
  return null;
}
