/** The id of the action bar's Train button: the skip link and an applied fix move focus there. */
export const TRAIN_BUTTON_ID = 'train-button';

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
