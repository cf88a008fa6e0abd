import { describe, expect, it } from 'vitest';
import {
  boardRows,
  classCsv,
  cleanName,
  normaliseCode,
  parseDocName,
  parseToken,
  pollOf,
  readControl,
  readStudent,
  type ClassRun,
} from '.';

const run = (extra: Partial<ClassRun> = {}): ClassRun => ({
  at: 1,
  source: 'lesson',
  config: 'v=1',
  label: 'softmax · cce',
  metric: 'accuracy',
  status: 'done',
  epochs: [{ loss: 1, metric: 0.5, valLoss: 1, valMetric: 0.4 }],
  ...extra,
});

describe('class protocol', () => {
  it('reads codes as typed and refuses what cannot be one', () => {
    expect(normaliseCode('6zdb-jd4x')).toBe('6ZDBJD4X');
    expect(normaliseCode('6ZDB JD4O')).toBeNull(); // O is not in the alphabet
    expect(normaliseCode('ABC')).toBeNull();
  });

  it('names documents and refuses other names', () => {
    expect(parseDocName('class/6ZDBJD4X')).toEqual({ kind: 'class', code: '6ZDBJD4X' });
    expect(parseDocName('class/6ZDBJD4X/s/abcdefgh')).toMatchObject({ studentId: 'abcdefgh' });
    expect(parseDocName('class/6zdbjd4x')).toBeNull();
    expect(parseDocName('class/6ZDBJD4X/s/../x')).toBeNull();
  });

  it('parses tokens strictly and cleans names to one line of text', () => {
    expect(parseToken('{"role":"instructor","key":"abcdefgh"}')).toEqual({
      role: 'instructor',
      key: 'abcdefgh',
    });
    expect(parseToken('{"role":"admin","key":"abcdefgh"}')).toBeNull();
    expect(parseToken('not json')).toBeNull();
    expect(cleanName(' A\u0000\nB ')).toBe('A B');
    expect(cleanName(42)).toBe('');
  });
});

describe('class documents', () => {
  it('drops entries that do not fit and reads malformed controls as neutral', () => {
    const record = readStudent({
      predictions: { '1': { lesson: 'x', choice: 'a', at: 1 }, '2': { lesson: 'x' } },
      runs: { r: run(), bad: { ...run(), epochs: 'many' } },
    });
    expect(Object.keys(record.predictions)).toEqual(['1']);
    expect(Object.keys(record.runs)).toEqual(['r']);
    expect(record.dropped).toBe(2);
    expect(readControl({ round: { seq: -1 }, ended: 'soon' })).toEqual({
      round: null,
      follow: null,
      hide: [],
      ended: null,
      sweep: null,
      assign: null,
    });
  });

  it('polls a round: counts per choice, right answers, what one run per student showed', () => {
    const students = {
      a: readStudent({
        predictions: { '3': { lesson: 'x', choice: 'rejects', at: 1 } },
        runs: {
          old: run({ round: 3, observed: 'trains', at: 1, testAccuracy: 0.5 }),
          new: run({ round: 3, observed: 'rejects', at: 2, testAccuracy: 0.9 }),
        },
      }),
      b: readStudent({ predictions: { '3': { lesson: 'x', choice: 'trains', at: 1 } }, runs: {} }),
    };
    const poll = pollOf(students, 3, 'rejects');
    expect(poll).toMatchObject({
      predicted: 2,
      right: 1,
      runs: 1,
      counts: { rejects: 1, trains: 1 },
    });
    expect(poll.observed).toEqual({ rejects: 1 });
    expect(poll.accuracy).toEqual({ min: 0.9, median: 0.9, max: 0.9 });
    const rows = boardRows(students, { a: { name: '=cmd', joinedAt: 0 } });
    expect(rows).toHaveLength(2);
    expect(classCsv(rows)).toContain("'=cmd");
  });
});
