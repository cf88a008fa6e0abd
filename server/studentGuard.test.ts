/**
 * The student-update guard on its own: every way a modified client could write something other
 * than valid entries of its two maps is refused, caps hold across many small updates, and after
 * a refusal the next valid update is judged against the live document, not the refused one.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CLASS_LIMITS, type ClassRun } from '../src/core/class';
import { createStudentGuard } from './studentGuard';

const run = (at: number): ClassRun => ({
  at,
  source: 'trainer',
  config: 'v=1&act=softmax',
  label: 'softmax · categorical_crossentropy',
  metric: 'categorical_accuracy',
  status: 'done',
  epochs: [{ loss: 0.5, metric: 0.8, valLoss: 0.6, valMetric: 0.79 }],
});

/** A live (server) document, a client in sync with it, and the guard between them. */
function setup() {
  const live = new Y.Doc();
  const guard = createStudentGuard();
  let client = new Y.Doc();
  /** Applies a client change to the live document if the guard lets it through. */
  const send = (change: (doc: Y.Doc) => void): string | null => {
    const before = Y.encodeStateVector(live);
    change(client);
    const update = Y.encodeStateAsUpdate(client, before);
    const problem = guard.check(live, update);
    if (problem === null) Y.applyUpdate(live, update);
    else {
      // Refused: the client starts again from the server's state, as it does on reconnecting.
      client = new Y.Doc();
      Y.applyUpdate(client, Y.encodeStateAsUpdate(live));
    }
    return problem;
  };
  return { live, guard, send };
}

describe('student guard', () => {
  it('accepts valid entries, overwrites and deletions', () => {
    const { live, send } = setup();
    expect(send((d) => d.getMap('runs').set('a', run(1)))).toBeNull();
    expect(send((d) => d.getMap('runs').set('a', run(2)))).toBeNull();
    expect(
      send((d) => d.getMap('predictions').set('3', { lesson: 'x', choice: 'y', at: 1 })),
    ).toBeNull();
    expect(send((d) => d.getMap('runs').delete('a'))).toBeNull();
    expect(live.getMap('runs').size).toBe(0);
    expect(live.getMap('predictions').size).toBe(1);
  });

  it.each([
    ['an entry off the schema', (d: Y.Doc) => d.getMap('runs').set('a', { ...run(1), label: 4 })],
    ['a bad key', (d: Y.Doc) => d.getMap('runs').set('a/b', run(1))],
    ['a part of its own', (d: Y.Doc) => d.getMap('other').set('a', 1)],
    [
      'a list under a map’s name',
      (d: Y.Doc) => {
        const list = new Y.Doc();
        list.getArray('runs').insert(0, [run(1)]);
        Y.applyUpdate(d, Y.encodeStateAsUpdate(list));
      },
    ],
    ['a nested shared map', (d: Y.Doc) => d.getMap('runs').set('a', new Y.Map())],
    ['a nested map with content', (d: Y.Doc) => d.getMap('runs').set('a', new Y.Map([['at', 1]]))],
    ['text at the top level', (d: Y.Doc) => d.getText('notes').insert(0, 'hi')],
  ])('refuses %s and leaves the document unchanged', (_, change) => {
    const { live, send } = setup();
    expect(send((d) => d.getMap('runs').set('ok', run(1)))).toBeNull();
    const before = Y.encodeStateAsUpdate(live);
    expect(send(change)).not.toBeNull();
    expect(Y.encodeStateAsUpdate(live)).toEqual(before);
    // The next valid change is judged on the live document, not on the refused one.
    expect(send((d) => d.getMap('runs').set('next', run(2)))).toBeNull();
    expect(live.getMap('runs').size).toBe(2);
  });

  it('holds the run cap across many small updates', () => {
    const { live, send } = setup();
    for (let i = 0; i < CLASS_LIMITS.runsPerStudent; i += 1) {
      expect(send((d) => d.getMap('runs').set(`r${i}`, run(i)))).toBeNull();
    }
    expect(send((d) => d.getMap('runs').set('one-more', run(0)))).toBe('too many runs');
    expect(live.getMap('runs').size).toBe(CLASS_LIMITS.runsPerStudent);
    // Overwriting an entry at the cap is fine.
    expect(send((d) => d.getMap('runs').set('r0', run(9)))).toBeNull();
  });

  it('sees what reached the live document another way (another instance)', () => {
    const { live, guard, send } = setup();
    expect(send((d) => d.getMap('runs').set('a', run(1)))).toBeNull();
    const elsewhere = new Y.Doc();
    Y.applyUpdate(elsewhere, Y.encodeStateAsUpdate(live));
    for (let i = 1; i < CLASS_LIMITS.runsPerStudent; i += 1) {
      elsewhere.getMap('runs').set(`r${i}`, run(i));
    }
    Y.applyUpdate(live, Y.encodeStateAsUpdate(elsewhere));
    const extra = new Y.Doc();
    Y.applyUpdate(extra, Y.encodeStateAsUpdate(live));
    const before = Y.encodeStateVector(extra);
    extra.getMap('runs').set('one-more', run(0));
    expect(guard.check(live, Y.encodeStateAsUpdate(extra, before))).toBe('too many runs');
  });

  it('refuses bytes that are not an update', () => {
    const { live, guard } = setup();
    expect(guard.check(live, new Uint8Array([200, 1, 2, 3]))).not.toBeNull();
  });
});
