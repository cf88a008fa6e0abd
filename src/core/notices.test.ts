import { describe, expect, it } from 'vitest';
import { summariseNotices } from './notices';

const notice = (key: string, value = 'x') => ({ key, value, reason: 'unknown key' });

describe('summariseNotices', () => {
  it('collapses repeats into one line with a count', () => {
    const summary = summariseNotices(Array.from({ length: 5000 }, () => notice('act', 'tanh')));
    expect(summary.shown).toEqual([{ notice: notice('act', 'tanh'), count: 5000 }]);
    expect(summary.more).toBe(0);
  });

  it('lists the first few distinct notices and counts the rest', () => {
    const summary = summariseNotices(Array.from({ length: 2000 }, (_, i) => notice(`k${i}`)));
    expect(summary.shown.map((s) => s.notice.key)).toEqual(['k0', 'k1', 'k2', 'k3', 'k4']);
    expect(summary.more).toBe(1995);
  });

  it('keeps a short list as it is', () => {
    const list = [notice('a'), notice('b')];
    expect(summariseNotices(list).shown.map((s) => s.notice)).toEqual(list);
  });
});
