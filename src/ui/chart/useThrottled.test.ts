// @vitest-environment jsdom
import { act, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useThrottled } from './useThrottled';

describe('useThrottled', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('passes the first change at once, then the latest at most once per interval', () => {
    const { result, rerender } = renderHook(({ value }) => useThrottled(value, 1000), {
      initialProps: { value: 0 },
    });
    expect(result.current).toBe(0);
    rerender({ value: 1 });
    expect(result.current).toBe(1);
    // Four reports within the interval: none is drawn until it ends, then only the latest.
    for (const value of [2, 3, 4, 5]) {
      act(() => {
        vi.advanceTimersByTime(150);
      });
      rerender({ value });
      expect(result.current).toBe(1);
    }
    act(() => {
      vi.advanceTimersByTime(400);
    });
    expect(result.current).toBe(5);
    // Nothing new: nothing changes; a change long after shows at once.
    act(() => {
      vi.advanceTimersByTime(5000);
    });
    rerender({ value: 6 });
    expect(result.current).toBe(6);
  });
});
