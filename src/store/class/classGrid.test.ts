/**
 * The class grid in the store: a student's page trains the cells given to it one at a time
 * through the run owner, never beside another run, and can decline; the instructor's page
 * assigns the cells and reassigns those of a student who declines or goes quiet.
 */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CONFIG,
  WORK_QUIET_MS,
  encodeGridLink,
  planSweep,
  readControl,
  readStudent,
  studentSeed,
  type ClassRun,
  type ClassWork,
  type GridSpec,
} from '../../core';
import { selectTrainBlocker } from '../runBlockers';
import { createFakeWorker, emptyResult } from '../testing';
import type { ApiResult, ClassApi, IdentityStorage } from './classApi';
import type { ClassConnection, ClassSnapshot, ConnectOptions } from './connection';

const CODE = '6ZDBJD4X';
const ME = 'student-1234';
const tiny = { ...DEFAULT_CONFIG, trainSize: 300, testSize: 100, epochs: 1 };
const spec: GridSpec = {
  base: { ...tiny, labels: 'onehot', fromLogits: false },
  axes: {
    activation: ['sigmoid', 'softmax'],
    loss: ['categorical_crossentropy', 'binary_crossentropy'],
  },
};
const SWEEP = { seq: 1, title: '2 × 2', link: encodeGridLink(spec) };
const plan = planSweep(SWEEP);

const unreachable: ApiResult<never> = {
  ok: false,
  noServer: false,
  unreachable: true,
  message: 'The class server cannot be reached.',
};
const offlineApi: ClassApi = {
  create: () => Promise.resolve(unreachable),
  join: () => Promise.resolve(unreachable),
  open: () => Promise.resolve(unreachable),
};

const storage = (value: object): IdentityStorage => {
  let raw = JSON.stringify(value);
  return { getItem: () => raw, setItem: (_key, next) => void (raw = next) };
};

/** A class of one role on a fake connection whose snapshots the test sends. */
function setup(role: 'student' | 'instructor') {
  const sent = {
    control: [] as Record<string, unknown>[],
    work: [] as ClassWork[],
    runs: [] as ClassRun[],
  };
  let onChange: (snapshot: ClassSnapshot) => void = () => undefined;
  const connect = (options: ConnectOptions): Promise<ClassConnection> => {
    onChange = options.onChange;
    return Promise.resolve({
      setControl: (patch) => void sent.control.push(patch),
      putPrediction: () => undefined,
      putRun: (_id, run) => void sent.runs.push(run),
      putWork: (_sweep, work) => void sent.work.push(work),
      destroy: () => undefined,
    });
  };
  let clock = 1_000_000;
  const ticks: (() => void)[] = [];
  const fake = createFakeWorker({
    lessonStorage: null,
    now: () => clock,
    classDeps: {
      api: offlineApi,
      connect,
      every: (run) => {
        ticks.push(run);
        return () => undefined;
      },
      identityStorage: storage(
        role === 'student'
          ? {
              current: { role, code: CODE },
              instructor: {},
              student: { [CODE]: { studentId: ME, studentKey: 'key-12345678', name: 'Ada' } },
            }
          : {
              current: { role, code: CODE },
              instructor: { [CODE]: 'instructor-key-1' },
              student: {},
            },
      ),
    },
  });
  const send = (control: object, students: Record<string, object> = {}, roster: object = {}) =>
    onChange({
      control: readControl(control),
      roster: roster as ClassSnapshot['roster'],
      students: Object.fromEntries(Object.entries(students).map(([id, r]) => [id, readStudent(r)])),
      connected: true,
      denied: false,
    });
  // Added to the fake itself: its `trained` is written as the worker is called.
  return Object.assign(fake, {
    sent,
    send,
    advance: (ms: number) => void (clock += ms),
    tick: () => ticks.forEach((run) => run()),
  });
}

const done = (fake: ReturnType<typeof setup>) => {
  fake.emit({ type: 'done', reason: 'completed', result: emptyResult() });
  fake.finish();
};
/** Lets the worker call's promise chain settle. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('class grid: a student’s page', () => {
  it('trains its cells one at a time through the run owner and files each run', async () => {
    const fake = setup('student');
    const { store } = fake;
    await store.getState().startWorker({ backend: 'auto', sampleCount: 0, seed: 1 });
    await store.getState().resumeClass();
    fake.send({ sweep: SWEEP, assign: { sweep: 1, cells: { [ME]: [2, 0] } } });
    await settle();

    expect(store.getState().runOwner).toEqual({ kind: 'class', sweep: 1, cell: 2 });
    // The cell's configuration, with this student's own seed.
    const seed = studentSeed(spec.base.seed, ME);
    expect(seed).not.toBe(spec.base.seed);
    expect(fake.trained).toEqual({ ...plan.cells[2]?.config, seed });
    expect(fake.sent.work.at(-1)).toMatchObject({ state: 'training', cell: 2 });
    // Nothing else starts while the cell trains.
    expect(selectTrainBlocker(store.getState())).toMatch(/class grid cell is training/);

    done(fake);
    await settle();
    expect(fake.sent.runs).toHaveLength(1);
    expect(fake.sent.runs[0]).toMatchObject({ source: 'grid', sweep: 1, cell: 2, status: 'done' });
    expect(fake.sent.runs[0]?.config).toContain(`seed=${seed}`);
    // The next cell follows at once.
    expect(store.getState().runOwner).toEqual({ kind: 'class', sweep: 1, cell: 0 });
    done(fake);
    await settle();
    expect(fake.sent.runs.map((r) => r.cell)).toEqual([2, 0]);
    expect(store.getState().runOwner).toBeNull();
    expect(fake.sent.work.at(-1)).toMatchObject({ state: 'ready' });
    expect(fake.calls.filter((c) => c === 'train')).toHaveLength(2);
  });

  it('waits while the student trains something else, then takes its cell', async () => {
    const fake = setup('student');
    const { store } = fake;
    await store.getState().startWorker({ backend: 'auto', sampleCount: 0, seed: 1 });
    await store.getState().resumeClass();
    store.getState().setConfig(tiny);
    const training = store.getState().train();
    fake.send({ sweep: SWEEP, assign: { sweep: 1, cells: { [ME]: [1] } } });
    expect(store.getState().runOwner).toEqual({ kind: 'trainer' });
    expect(fake.sent.work.at(-1)).toMatchObject({ state: 'busy' });
    done(fake);
    await training;
    fake.frame();
    expect(store.getState().runOwner).toEqual({ kind: 'class', sweep: 1, cell: 1 });
  });

  it('declines: the cell in progress stops, is not filed, and no other cell starts', async () => {
    const fake = setup('student');
    const { store } = fake;
    await store.getState().startWorker({ backend: 'auto', sampleCount: 0, seed: 1 });
    await store.getState().resumeClass();
    fake.send({ sweep: SWEEP, assign: { sweep: 1, cells: { [ME]: [0, 1] } } });
    expect(store.getState().runOwner?.kind).toBe('class');
    store.getState().declineClassGrid();
    expect(fake.calls).toContain('stop');
    expect(fake.sent.work.at(-1)).toMatchObject({ state: 'declined' });
    fake.emit({ type: 'done', reason: 'stopped', result: emptyResult() });
    fake.finish();
    await settle();
    expect(store.getState().runOwner).toBeNull();
    expect(fake.sent.runs).toEqual([]);
    expect(fake.calls.filter((c) => c === 'train')).toHaveLength(1);

    store.getState().rejoinClassGrid();
    expect(store.getState().runOwner).toEqual({ kind: 'class', sweep: 1, cell: 0 });
  });

  it('says it declines when the student leaves the class, so the cells go to classmates at once', async () => {
    const fake = setup('student');
    const { store } = fake;
    await store.getState().startWorker({ backend: 'auto', sampleCount: 0, seed: 1 });
    await store.getState().resumeClass();
    fake.send({ sweep: SWEEP, assign: { sweep: 1, cells: { [ME]: [0] } } });
    expect(fake.sent.work.at(-1)).toMatchObject({ state: 'training', cell: 0 });
    store.getState().leaveClass();
    expect(fake.sent.work.at(-1)).toMatchObject({ state: 'declined' });
    expect(fake.calls).toContain('stop');
  });

  it('after a reload, skips the cells its record already holds; a stopped grid stops the cell', async () => {
    const fake = setup('student');
    const { store } = fake;
    await store.getState().startWorker({ backend: 'auto', sampleCount: 0, seed: 1 });
    await store.getState().resumeClass();
    const filed: ClassRun = {
      at: 1,
      source: 'grid',
      config: 'v=1',
      label: 'x',
      metric: 'accuracy',
      status: 'done',
      epochs: [],
      sweep: 1,
      cell: 0,
    };
    const assign = { sweep: 1, cells: { [ME]: [0, 3] } };
    fake.send({ sweep: SWEEP, assign }, { [ME]: { runs: { r: filed } } });
    expect(store.getState().runOwner).toEqual({ kind: 'class', sweep: 1, cell: 3 });
    fake.send({ sweep: { ...SWEEP, stopped: 5 }, assign }, { [ME]: { runs: { r: filed } } });
    expect(fake.calls).toContain('stop');
    expect(store.getState().classGrid.seq).toBeNull();
  });
});

describe('class grid: the instructor’s page', () => {
  const roster = {
    a: { name: 'Ada', joinedAt: 1 },
    b: { name: 'Bob', joinedAt: 2 },
    c: { name: 'Cy', joinedAt: 3 },
  };
  const work = (state: ClassWork['state'], at = 1, cell?: number) => ({
    work: { '1': { state, at, ...(cell === undefined ? {} : { cell }) } },
  });
  const assigned = (fake: ReturnType<typeof setup>) =>
    (fake.sent.control.at(-1)?.assign as { cells: Record<string, number[]> } | undefined)?.cells;

  it('spreads the cells over the students who are ready, and reassigns a declined student’s', async () => {
    const fake = setup('instructor');
    await fake.store.getState().resumeClass();
    const students = { a: work('ready'), b: work('ready'), c: work('ready') };
    fake.send({ sweep: SWEEP }, students, roster);
    expect(assigned(fake)).toEqual({ a: [0, 3], b: [1, 0], c: [2, 1] });

    fake.send({ sweep: SWEEP }, { ...students, b: work('declined', 2) }, roster);
    const after = assigned(fake);
    expect(after?.b).toBeUndefined();
    expect(new Set([...(after?.a ?? []), ...(after?.c ?? [])])).toEqual(new Set([0, 1, 2, 3]));
  });

  it('reassigns the cells of a student who has gone quiet', async () => {
    const fake = setup('instructor');
    await fake.store.getState().resumeClass();
    const cells = { sweep: 1, cells: { a: [0, 2], b: [1, 3] } };
    fake.send(
      { sweep: SWEEP, assign: cells },
      { a: work('training', 1, 0), b: work('ready') },
      roster,
    );
    const writes = fake.sent.control.length;
    // Ada keeps training (her entry changes); Bob's page has said nothing for too long.
    fake.advance(WORK_QUIET_MS / 2);
    fake.send(
      { sweep: SWEEP, assign: cells },
      { a: work('training', 2, 0), b: work('ready') },
      roster,
    );
    fake.tick();
    expect(fake.sent.control).toHaveLength(writes);
    fake.advance(WORK_QUIET_MS / 2 + 1);
    fake.send(
      { sweep: SWEEP, assign: cells },
      { a: work('training', 3, 0), b: work('ready') },
      roster,
    );
    fake.tick();
    expect(assigned(fake)).toEqual({ a: [0, 1, 2, 3] });
  });
});
