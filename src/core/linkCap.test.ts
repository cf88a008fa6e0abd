import { describe, expect, it } from 'vitest';
import { decodeGridLink } from './grid/url';
import { decodeLab } from './labUrl';
import { decodeLessonLink } from './lessons/url';
import { MAX_LINK_CHARS, MAX_LINK_PARTS, decodeConfig, parseQuery } from './url';

/** 100,000 unknown keys after two real ones: 889 kB. */
const MANY_KEYS = `?act=sigmoid&epochs=3&${Array.from({ length: 100_000 }, (_, i) => `k${i}=1`).join('&')}`;
/** One value of 2 MB after a real key. */
const HUGE_VALUE = `?act=linear&x=${'a'.repeat(2_000_000)}&epochs=4`;

describe('a huge link', () => {
  it('is read only up to the caps, in whole parts', () => {
    const many = parseQuery(MANY_KEYS);
    expect(many).toHaveLength(MAX_LINK_PARTS);
    expect(many.slice(0, 3)).toEqual([
      ['act', 'sigmoid'],
      ['epochs', '3'],
      ['k0', '1'],
    ]);
    // The part the character cap cuts in two is dropped, and nothing after it is read.
    expect(parseQuery(HUGE_VALUE)).toEqual([['act', 'linear']]);
    const long = `?epochs=7&${'b=12&'.repeat(MAX_LINK_CHARS)}`;
    const read = parseQuery(long);
    expect(read.reduce((n, [k, v]) => n + k.length + v.length + 2, 0)).toBeLessThanOrEqual(
      MAX_LINK_CHARS,
    );
  });

  it('keeps what it read and says, once, what it ignored', () => {
    const decoded = decodeConfig(MANY_KEYS);
    expect(decoded.config.activation).toBe('sigmoid');
    expect(decoded.config.epochs).toBe(3);
    const cap = decoded.ignored.filter((n) => n.key === '(rest of the link)');
    expect(cap).toHaveLength(1);
    expect(cap[0]?.reason).toMatch(
      /^the link is 888,910 characters long in 100,002 parts; only its first 500 parts \([\d,]+ characters\) were read and the other 99,502 were ignored/,
    );
    // The parts read are listed as usual: 498 unknown keys, and the cap notice first.
    expect(decoded.ignored).toHaveLength(1 + 498);
    expect(decoded.ignored[0]).toBe(cap[0]);

    const huge = decodeConfig(HUGE_VALUE);
    expect(huge.config.activation).toBe('linear');
    expect(huge.config.epochs).toBe(DEFAULT_EPOCHS);
    expect(huge.ignored).toHaveLength(1);
    expect(huge.ignored[0]?.reason).toMatch(/in 3 parts; only its first 1 parts .* other 2 were/);
  });

  it('gets the notice in every view, once, and a link within the caps gets none', () => {
    expect(decodeConfig('?act=sigmoid&epochs=3').ignored).toEqual([]);
    const grid = decodeGridLink(`?view=grid&sweep=act&act=linear,sigmoid&${MANY_KEYS.slice(1)}`);
    expect(grid.spec.axes.activation).toEqual(['linear', 'sigmoid']);
    expect(grid.ignored.filter((n) => n.key === '(rest of the link)')).toHaveLength(1);
    const lessons = decodeLessonLink(`?view=lessons&step=2&${MANY_KEYS.slice(1)}`);
    expect(lessons.step).toBe(1);
    expect(lessons.ignored.filter((n) => n.key === '(rest of the link)')).toHaveLength(1);
    expect(decodeLab(`?view=lab&${MANY_KEYS.slice(1)}`).ignored[0]?.key).toBe('(rest of the link)');
  });
});

const DEFAULT_EPOCHS = decodeConfig('').config.epochs;
