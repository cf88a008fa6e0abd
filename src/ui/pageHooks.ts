/** The page's effects: autorun, theme and presentation mode on <html>. */
import { useEffect, useLayoutEffect, useRef, type RefObject } from 'react';
import { useShallow } from 'zustand/react/shallow';
import {
  selectSystem,
  selectTrainBlocker,
  selectTrainingActions,
  selectUi,
  selectUiActions,
  type ThemeChoice,
} from '../store';
import type { TrainerSection } from '../core';
import { useAppStore } from './storeContext';

/** Digits the Data panel shows from the dataset when the worker starts (src/main.tsx starts it). */
export const PREVIEW_DIGIT_COUNT = 24;

/** `autorun=1`: train once the worker is ready (an instructor's link that runs). */
export function useAutorun() {
  const { status } = useAppStore(selectSystem);
  const blocker = useAppStore(selectTrainBlocker);
  const { takeAutorun, addNotice } = useAppStore(useShallow(selectUiActions));
  const { train } = useAppStore(useShallow(selectTrainingActions));
  useEffect(() => {
    if (status !== 'ready' || !takeAutorun()) return;
    if (blocker === null) void train();
    else {
      // E.g. Keras would raise, or the link was made on own files this page has not loaded.
      addNotice({ key: 'autorun', value: '1', reason: `training not started: ${blocker}` });
    }
  }, [status, blocker, takeAutorun, addNotice, train]);
}

const THEME_KEY = 'losslab.theme';
const PRESENTATION_KEY = 'losslab.presentation';

/** Storage can be missing or refuse (private windows, blocked cookies): then nothing persists. */
function read(storage: () => Storage, key: string): string | null {
  try {
    return storage().getItem(key);
  } catch {
    return null;
  }
}
function write(storage: () => Storage, key: string, value: string) {
  try {
    storage().setItem(key, value);
  } catch {
    // Not persisted; the choice still applies to this page.
  }
}
const local = () => window.localStorage;
const session = () => window.sessionStorage;

/**
 * The chosen theme on <html>, where `system` leaves prefers-color-scheme in charge; presentation
 * mode scales the root font so every rem-sized thing grows with it. The theme is remembered on
 * this device; presentation mode for this tab (a projector session), so it survives a reload.
 */
export function useDocumentAppearance() {
  const { theme, presentation } = useAppStore(selectUi);
  const { setTheme, setPresentation } = useAppStore(useShallow(selectUiActions));
  useEffect(() => {
    const saved = read(local, THEME_KEY);
    if (saved === 'light' || saved === 'dark') setTheme(saved satisfies ThemeChoice);
    if (read(session, PRESENTATION_KEY) === '1') setPresentation(true);
  }, [setTheme, setPresentation]);
  useEffect(() => {
    const root = document.documentElement;
    if (theme === 'system') delete root.dataset.theme;
    else root.dataset.theme = theme;
    write(local, THEME_KEY, theme);
  }, [theme]);
  useEffect(() => {
    document.documentElement.classList.toggle('presenting', presentation);
    write(session, PRESENTATION_KEY, presentation ? '1' : '0');
  }, [presentation]);
}

/**
 * Keeps a CSS custom property on <html> equal to the element's height in px (e.g. the header's,
 * so presentation mode can give the verdict and curves exactly the rest of the screen).
 */
export function useHeightVariable(ref: RefObject<HTMLElement | null>, name: `--${string}`) {
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    const root = document.documentElement;
    const update = () => root.style.setProperty(name, `${element.offsetHeight}px`);
    update();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(update);
    observer.observe(element);
    return () => {
      observer.disconnect();
      root.style.removeProperty(name);
    };
  }, [ref, name]);
}

/**
 * `show=gradients` and the like: brings the part of the trainer the link names into view once it
 * is on the page (some parts load after the first paint, the results after a run), then forgets
 * the request, so a later render never scrolls the page again.
 */
export function useScrollTarget<T extends HTMLElement>(part: TrainerSection): RefObject<T | null> {
  const ref = useRef<T>(null);
  const wanted = useAppStore((state) => state.ui.scrollTo === part);
  const { takeScroll } = useAppStore(useShallow(selectUiActions));
  useEffect(() => {
    const element = ref.current;
    if (!wanted || !element || !takeScroll(part)) return;
    const still = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? true;
    element.scrollIntoView({ block: 'start', behavior: still ? 'auto' : 'smooth' });
  }, [wanted, part, takeScroll]);
  return ref;
}
