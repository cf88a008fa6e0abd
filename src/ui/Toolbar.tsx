import { useId } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { selectUi, selectUiActions, selectView, type ThemeChoice } from '../store';
import { useAppStore, useUrlSync } from './storeContext';
import { useCopy } from './useCopy';

const THEMES: readonly { value: ThemeChoice; label: string }[] = [
  { value: 'system', label: 'System theme' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

/** Copy link (optionally one that trains on open), presentation mode and theme. */
export function Toolbar() {
  const ui = useAppStore(selectUi);
  // A lesson step runs after the student's prediction, never on opening: its link has no autorun.
  const autorunShown = useAppStore(selectView) !== 'lessons';
  const { setPresentation, setTheme, setShareAutorun } = useAppStore(useShallow(selectUiActions));
  const sync = useUrlSync();
  const [copyState, copy] = useCopy();
  const themeId = useId();
  const link = sync?.shareUrl({ autorun: ui.shareAutorun }) ?? '';

  return (
    <div className="toolbar" role="toolbar" aria-label="Page tools">
      <div className="share">
        <button type="button" onClick={() => void copy(link)} disabled={!sync}>
          Copy link
        </button>
        {autorunShown && (
          <label className="inline">
            <input
              type="checkbox"
              checked={ui.shareAutorun}
              onChange={(event) => setShareAutorun(event.target.checked)}
            />
            trains when opened
          </label>
        )}
        <span className="muted small" aria-live="polite">
          {copyState === 'copied' && 'Link copied.'}
        </span>
        {copyState === 'failed' && (
          <input
            className="link-fallback"
            aria-label="Link to copy"
            readOnly
            value={link}
            ref={(input) => input?.select()}
          />
        )}
      </div>
      <button
        type="button"
        aria-pressed={ui.presentation}
        onClick={() => setPresentation(!ui.presentation)}
      >
        Presentation mode
      </button>
      <label htmlFor={themeId} className="sr-only">
        Theme
      </label>
      <select
        id={themeId}
        value={ui.theme}
        onChange={(e) => setTheme(e.target.value as ThemeChoice)}
      >
        {THEMES.map((theme) => (
          <option key={theme.value} value={theme.value}>
            {theme.label}
          </option>
        ))}
      </select>
    </div>
  );
}
