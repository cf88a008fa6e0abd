import { useEffect, useRef, useState } from 'react';

/**
 * `value`, passed on at most once per `ms` (the first change at once, the latest one at the end
 * of each interval). A live chart redraws with recharts on every value it gets, and a run reports
 * several times a second: the charts are the page's largest cost while the worker trains, so they
 * follow the run at this pace instead (bench: the page's responsiveness during a run).
 */
export function useThrottled<T>(value: T, ms: number): T {
  const [shown, setShown] = useState(value);
  const shownAt = useRef(Number.NEGATIVE_INFINITY);
  useEffect(() => {
    if (Object.is(value, shown)) return;
    const show = () => {
      shownAt.current = performance.now();
      setShown(value);
    };
    const wait = shownAt.current + ms - performance.now();
    if (wait <= 0) {
      show();
      return;
    }
    const timer = setTimeout(show, wait);
    return () => clearTimeout(timer);
  }, [value, shown, ms]);
  return shown;
}
