import { describe, expect, it } from 'vitest';
import { NOTICES_LISTED, NOTICES_SHOWN, summariseNotices } from './notices';

const notice = (key: string, value = 'x') => ({ key, value, reason: 'unknown key' });

describe('summariseNotices', () => {
  it('collapses repeats into one line with a count', () => {
    const summary = summariseNotices(Array.from({ length: 5000 }, () => notice('act', 'tanh')));
    expect(summary.shown).toEqual([{ notice: notice('act', 'tanh'), count: 5000 }]);
    expect(summary.folded).toEqual([]);
    expect(summary.more).toBe(0);
  });

  it('shows the first few distinct notices, folds the next ones and counts the rest', () => {
    const summary = summariseNotices(Array.from({ length: 2000 }, (_, i) => notice(`k${i}`)));
    expect(summary.shown.map((s) => s.notice.key)).toEqual(['k0', 'k1', 'k2', 'k3', 'k4']);
    expect(summary.folded).toHaveLength(NOTICES_LISTED - NOTICES_SHOWN);
    expect(summary.folded[0]?.notice.key).toBe('k5');
    expect(summary.folded.at(-1)?.notice.key).toBe(`k${NOTICES_LISTED - 1}`);
    expect(summary.more).toBe(2000 - NOTICES_LISTED);
  });

  it('counts repeats of a folded notice on that notice', () => {
    const list = [...Array.from({ length: 6 }, (_, i) => notice(`k${i}`)), notice('k5')];
    const summary = summariseNotices(list);
    expect(summary.folded).toEqual([{ notice: notice('k5'), count: 2 }]);
    expect(summary.more).toBe(0);
  });

  it('keeps a short list as it is', () => {
    const list = [notice('a'), notice('b')];
    expect(summariseNotices(list).shown.map((s) => s.notice)).toEqual(list);
    expect(summariseNotices(list).folded).toEqual([]);
  });
});
