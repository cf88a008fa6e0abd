import type { View } from '../core';
import { revealAndFocus, TRAIN_BUTTON_ID } from './focus';

/**
 * The first tab stop: straight to Train on the trainer, to the view's content elsewhere. Focus
 * moves by script, so the address bar (which holds the configuration) gets no `#fragment`.
 */
export function SkipLink({ view }: { view: View }) {
  const target = view === 'trainer' ? TRAIN_BUTTON_ID : 'main-content';
  return (
    <a
      className="skip-link"
      href={`#${target}`}
      onClick={(event) => {
        const element = document.getElementById(target);
        if (!element) return;
        event.preventDefault();
        revealAndFocus(element, 'nearest');
      }}
    >
      {view === 'trainer' ? 'Skip to Train' : 'Skip to content'}
    </a>
  );
}
