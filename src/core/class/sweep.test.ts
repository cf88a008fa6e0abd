import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../config';
import { encodeGridLink, getGridPreset, gridFromPreset, type GridSpec } from '../grid';
import {
  assignCells,
  classGridCsv,
  classGridProgress,
  classGridRows,
  planSweep,
  readControl,
  readStudent,
  sameAssignment,
  studentEntryProblem,
  studentSeed,
  type ClassRun,
  type SweepWorker,
} from '.';

const spec: GridSpec = {
  base: { ...DEFAULT_CONFIG, labels: 'onehot', fromLogits: false },
  axes: {
    activation: ['sigmoid', 'softmax'],
    loss: ['categorical_crossentropy', 'binary_crossentropy'],
  },
};
const sweep = { seq: 3, title: 'activation × loss', link: encodeGridLink(spec) };

const worker = (id: string, extra: Partial<SweepWorker> = {}): SweepWorker => ({
  id,
  active: true,
  done: [],
  training: null,
  ...extra,
});

/** How many students hold each cell. */
const coverage = (cells: Record<string, number[]>) => {
  const count: Record<number, number> = {};
  for (const list of Object.values(cells)) for (const c of list) count[c] = (count[c] ?? 0) + 1;
  return count;
};

describe('class grid: planning a sweep', () => {
  it('plans the same cells from the link every browser reads', () => {
    const plan = planSweep(sweep);
    expect(plan.cells.map((c) => c.id)).toEqual([
      'act=sigmoid;loss=categorical_crossentropy',
      'act=sigmoid;loss=binary_crossentropy',
      'act=softmax;loss=categorical_crossentropy',
      'act=softmax;loss=binary_crossentropy',
    ]);
    expect(plan.trainable).toEqual([0, 1, 2, 3]);
    expect(planSweep({ ...sweep }).cells.map((c) => c.config)).toEqual(
      plan.cells.map((c) => c.config),
    );
  });

  it('leaves the cells Keras rejects out of the cells to train (the classic table)', () => {
    const classic = getGridPreset('classic');
    if (!classic) throw new Error('no classic preset');
    const plan = planSweep({
      seq: 1,
      title: 'classic',
      link: encodeGridLink(gridFromPreset(classic, DEFAULT_CONFIG)),
    });
    expect(plan.cells).toHaveLength(18);
    expect(plan.trainable).toHaveLength(9);
    expect(plan.trainable.every((i) => plan.cells[i]?.skip === false)).toBe(true);
  });
});

describe('class grid: each student’s seed', () => {
  it('is the grid’s seed plus a number of the student’s id: the same for a student, another for another', () => {
    const ada = studentSeed(42, 'ada-12345678');
    expect(studentSeed(42, 'ada-12345678')).toBe(ada);
    expect(studentSeed(42, 'bob-12345678')).not.toBe(ada);
    expect(studentSeed(43, 'ada-12345678')).toBe(ada + 1);
    expect(studentSeed(2 ** 32 - 1, 'ada-12345678')).toBeLessThan(2 ** 32);
    expect(Number.isInteger(ada)).toBe(true);
  });
});

describe('class grid: who trains which cell', () => {
  it('runs every cell at least once and gives every student an equal share', () => {
    const cells = assignCells([0, 1, 2, 3], [worker('a'), worker('b'), worker('c')]);
    expect(cells).toEqual({ a: [0, 3], b: [1, 0], c: [2, 1] });
    expect(Object.keys(coverage(cells))).toHaveLength(4);
  });

  it('gives a student who comes later the cells the first one had not started', () => {
    // Only Ada is ready at first: she holds every cell.
    expect(assignCells([0, 1, 2, 3], [worker('ada')])).toEqual({ ada: [0, 1, 2, 3] });
    // She trains cell 0 when Grace says she is ready: the cells not started are shared.
    const cells = assignCells([0, 1, 2, 3], [worker('ada', { training: 0 }), worker('grace')]);
    expect(cells).toEqual({ ada: [0, 2], grace: [1, 3] });
  });

  it('reassigns what a student who declined or went quiet had not run, and counts what they ran', () => {
    const before = assignCells([0, 1, 2, 3], [worker('a'), worker('b')]);
    expect(before).toEqual({ a: [0, 2], b: [1, 3] });
    // Ada ran cell 0 and then went quiet (or declined): cell 2 goes to Bob; cell 0 stays covered.
    const after = assignCells(
      [0, 1, 2, 3],
      [worker('a', { active: false, done: [0] }), worker('b', { training: 1 })],
    );
    expect(after).toEqual({ b: [1, 2, 3, 0] });
    expect(after.a).toBeUndefined();
    // Nobody left to take cells: nothing is assigned (the projector says so).
    expect(assignCells([0, 1], [worker('a', { active: false })])).toEqual({});
  });

  it('is stable: the same records give the same assignment, and a cell run stays with its student', () => {
    const workers = [
      worker('a', { done: [0], training: 3 }),
      worker('b', { training: 1 }),
      worker('c'),
    ];
    const first = assignCells([0, 1, 2, 3], workers);
    expect(sameAssignment(first, assignCells([0, 1, 2, 3], workers))).toBe(true);
    expect(first.a?.slice(0, 2)).toEqual([0, 3]);
    expect(first.b?.[0]).toBe(1);
    expect(sameAssignment(first, { ...first, c: [] })).toBe(false);
  });
});

const run = (cell: number, valMetric: number | null, extra: Partial<ClassRun> = {}): ClassRun => ({
  at: 1,
  source: 'grid',
  config: 'v=1',
  label: 'x',
  metric: 'accuracy',
  status: 'done',
  epochs: [{ loss: 0.5, metric: 0.8, valLoss: 0.6, valMetric }],
  sweep: 3,
  cell,
  ...extra,
});

describe('class grid: the projected table', () => {
  const students = {
    a: readStudent({
      runs: { r1: run(0, 0.5), old: run(2, 0.1, { at: 0 }), r2: run(2, 0.7, { at: 5 }) },
      work: { '3': { state: 'training', cell: 1, at: 1 } },
    }),
    b: readStudent({
      runs: { r1: run(0, 0.75), other: run(3, 0.99, { sweep: 2 }) },
      work: { '3': { state: 'declined', at: 1 } },
    }),
  };
  const plan = planSweep(sweep);
  const rows = classGridRows(plan, students);

  it('shows each cell’s mean and range over the students who ran it (their newest run)', () => {
    expect(rows[0]).toMatchObject({ status: 'done', valMetric: 0.625 });
    expect(rows[0]?.spread).toEqual({ min: 0.5, max: 0.75, runs: 2 });
    expect(rows[2]).toMatchObject({ status: 'done', valMetric: 0.7, spread: { runs: 1 } });
    // Cell 1 is training on Ada's page; cell 3 only has a run of another class grid.
    expect(rows[1]?.status).toBe('running');
    expect(rows[3]).toMatchObject({ status: 'pending' });
    expect(rows[3]?.spread).toBeUndefined();
    expect(classGridProgress(plan, students, rows)).toEqual({
      toRun: 4,
      covered: 2,
      runs: 3,
      students: 2,
      training: 1,
      declined: 1,
    });
  });

  it('exports one CSV line per cell with the runs, means and range', () => {
    const csv = classGridCsv(plan, rows).split('\r\n');
    expect(csv[0]).toBe(
      'cell,act,loss,verdict,keras_error,status,runs,mean_loss,mean_accuracy,mean_val_loss,mean_val_accuracy,min_val_accuracy,max_val_accuracy',
    );
    expect(csv[1]).toMatch(
      /^act=sigmoid;loss=categorical_crossentropy,sigmoid,categorical_crossentropy,\w+,,done,2,0.5,0.8,0.6,0.625,0.5,0.75$/,
    );
  });
});

describe('class grid: documents', () => {
  it('reads the sweep and its assignment, and drops an assignment of another sweep', () => {
    const assign = { sweep: 3, cells: { 'student-1': [0, 1] } };
    expect(readControl({ sweep, assign })).toMatchObject({ sweep, assign });
    expect(readControl({ sweep, assign: { ...assign, sweep: 2 } }).assign).toBeNull();
    expect(readControl({ sweep: { ...sweep, link: 7 }, assign }).sweep).toBeNull();
    expect(readControl({ sweep, assign: { sweep: 3, cells: { 'a/b': [0] } } }).assign).toBeNull();
    expect(readControl({ sweep, assign: { sweep: 3, cells: { abc: [144] } } }).assign).toBeNull();
  });

  it('checks a student’s work entries and grid runs like every other entry', () => {
    expect(studentEntryProblem('work', '3', { state: 'ready', at: 1 })).toBeNull();
    expect(studentEntryProblem('work', '3', { state: 'training', cell: 2, at: 1 })).toBeNull();
    expect(studentEntryProblem('work', '3', { state: 'boss', at: 1 })).not.toBeNull();
    expect(studentEntryProblem('work', '3', { state: 'ready', at: 1, extra: 1 })).not.toBeNull();
    expect(studentEntryProblem('runs', 'r', run(0, 0.5))).toBeNull();
    expect(studentEntryProblem('runs', 'r', run(-1, 0.5))).not.toBeNull();
    expect(readStudent({ work: { '3': { state: 'ready', at: 1 }, x: 'no' } })).toMatchObject({
      work: { '3': { state: 'ready', at: 1 } },
      dropped: 1,
    });
  });
});
