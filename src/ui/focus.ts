/**
 * Brings an element into view and moves keyboard focus to it (it needs `tabIndex={-1}` unless it
 * is focusable anyway), scrolling smoothly unless the user asked for reduced motion.
 */
export function revealAndFocus(element: HTMLElement, block: ScrollLogicalPosition = 'start') {
  const reduced =
    typeof window.matchMedia === 'function' &&
    window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  element.focus({ preventScroll: true });
  element.scrollIntoView({ block, behavior: reduced ? 'auto' : 'smooth' });
}
