import { useLayoutEffect, useState, type RefObject } from 'react';

export interface ElementSize {
  width: number;
  height: number;
  /** The element's computed font size in px: charts draw their text at this size. */
  fontPx: number;
}

const EMPTY: ElementSize = { width: 0, height: 0, fontPx: 14 };

/**
 * The element's content box and font size, kept current by a ResizeObserver. Presentation mode
 * changes the root font size, which resizes the element (its height is in rem), so the font is
 * re-read on every resize.
 */
export function useElementSize(ref: RefObject<HTMLElement | null>): ElementSize {
  const [size, setSize] = useState<ElementSize>(EMPTY);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = () => {
      const rect = element.getBoundingClientRect();
      const fontPx = parseFloat(getComputedStyle(element).fontSize) || EMPTY.fontPx;
      setSize((old) =>
        old.width === rect.width && old.height === rect.height && old.fontPx === fontPx
          ? old
          : { width: rect.width, height: rect.height, fontPx },
      );
    };
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return size;
}
