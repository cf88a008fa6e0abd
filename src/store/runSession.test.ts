import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type TrainEvent, type TrainEventHandler } from '../core';
import { createLatest, createRunSession } from './runSession';
import { createFakeApi, emptyResult, fakeClient } from './testing';

describe('createLatest: the one staleness rule', () => {
  it('keeps only the newest ticket current; dropping it makes none current', () => {
    const latest = createLatest();
    const a = latest.next();
    expect(a.current).toBe(true);
    const b = latest.next();
    expect([a.current, b.current]).toEqual([false, true]);
    a.drop(); // an old ticket's drop does not touch the newer one
    expect(b.current).toBe(true);
    b.drop();
    expect(b.current).toBe(false);
    expect(latest.next().current).toBe(true);
  });
});

/** A session on a fake worker whose runs end when the test says, with frames run by hand. */
function session() {
  const handlers: TrainEventHandler[] = [];
  const finish: (() => void)[] = [];
  const frames: (() => void)[] = [];
  const calls: string[] = [];
  const api = createFakeApi(
    {
      train: (_config, onEvent) => {
        handlers.push(onEvent);
        return new Promise((resolve) => finish.push(() => resolve('completed')));
      },
    },
    calls,
  );
  const client = fakeClient(api);
  let connected = true;
  const runs = createRunSession({
    getClient: () => (connected ? client : null),
    scheduleFrame: (run) => frames.push(run),
  });
  return {
    runs,
    calls,
    emit: (run: number, ...events: TrainEvent[]) => events.forEach((e) => void handlers[run]?.(e)),
    end: (run: number) => finish[run]?.(),
    frame: () => frames.splice(0).forEach((f) => f()),
    disconnect: () => (connected = false),
  };
}

const done: TrainEvent = { type: 'done', reason: 'completed', result: emptyResult() };

describe('run session', () => {
  it('hands a burst of events to the run once per frame, and reports how it ended', async () => {
    const s = session();
    const bursts: TrainEvent['type'][][] = [];
    const handle = s.runs.run(DEFAULT_CONFIG, (burst) => bursts.push(burst.map((e) => e.type)));
    await Promise.resolve();
    s.emit(0, { type: 'stage', stage: 'training' }, { type: 'paused' }, done);
    expect(bursts).toEqual([]);
    s.frame();
    expect(bursts).toEqual([['stage', 'paused', 'done']]);
    s.end(0);
    const end = await handle.ended;
    expect(end).toMatchObject({ current: true, error: null, done: { reason: 'completed' } });
  });

  it('a newer run makes the older one stale: its late events are dropped and its caller told', async () => {
    const s = session();
    const first: TrainEvent[] = [];
    const second: TrainEvent[] = [];
    const a = s.runs.run(DEFAULT_CONFIG, (burst) => first.push(...burst));
    await Promise.resolve();
    s.emit(0, { type: 'stage', stage: 'training' });
    const b = s.runs.run({ ...DEFAULT_CONFIG, seed: 1 }, (burst) => second.push(...burst));
    await Promise.resolve();
    s.emit(0, done);
    s.emit(1, { type: 'paused' });
    s.frame();
    expect(first).toEqual([]); // even the event queued before the newer run started
    expect(second.map((e) => e.type)).toEqual(['paused']);
    s.end(0);
    s.end(1);
    expect((await a.ended).current).toBe(false);
    expect((await a.ended).done).toBeNull();
    expect((await b.ended).current).toBe(true);
  });

  it('a dropped run (a reset) delivers nothing more', async () => {
    const s = session();
    const seen: TrainEvent[] = [];
    const handle = s.runs.run(DEFAULT_CONFIG, (burst) => seen.push(...burst));
    await Promise.resolve();
    handle.ticket.drop();
    s.emit(0, done);
    s.frame();
    s.end(0);
    expect(seen).toEqual([]);
    expect((await handle.ended).current).toBe(false);
  });

  it('reports a missing worker as an error event instead of hanging', async () => {
    const s = session();
    s.disconnect();
    const seen: TrainEvent[] = [];
    const end = await s.runs.run(DEFAULT_CONFIG, (burst) => seen.push(...burst)).ended;
    s.frame();
    expect(end.error).toMatch(/worker is not running/);
    expect(seen).toEqual([
      { type: 'error', message: 'The training worker is not running. Reload the page.' },
    ]);
  });

  it('turns a failed worker call into an error event', async () => {
    const runs = createRunSession({
      getClient: () =>
        fakeClient(createFakeApi({ train: () => Promise.reject(new Error('worker crashed')) })),
      scheduleFrame: (run) => run(),
    });
    const seen: TrainEvent[] = [];
    const end = await runs.run(DEFAULT_CONFIG, (burst) => seen.push(...burst)).ended;
    expect(end.error).toBe('worker crashed');
    expect(seen).toEqual([{ type: 'error', message: 'worker crashed' }]);
  });

  it('sends commands to the worker, and ignores a worker that is gone', async () => {
    const s = session();
    await s.runs.command('pause');
    await s.runs.command('stop');
    expect(s.calls).toEqual(['pause', 'stop']);
    s.disconnect();
    await expect(s.runs.command('resume')).resolves.toBeUndefined();
  });
});
