import { useState, type KeyboardEvent } from 'react';
import { applyPreset, findPreset, PRESET_GROUP_TITLES, PRESET_GROUPS, PRESETS } from '../core';
import { VERDICT_LEVELS } from '../core';
import { selectApplyPreset, selectConfig, selectTrainerBusy, selectVerdictOf } from '../store';
import { useAppStore } from './storeContext';
import { LEVEL_WORD } from './verdictText';

/** Keys that move focus within the toolbar, to the first, previous, next or last preset. */
const MOVES: Record<string, (index: number, count: number) => number> = {
  ArrowLeft: (i) => i - 1,
  ArrowUp: (i) => i - 1,
  ArrowRight: (i) => i + 1,
  ArrowDown: (i) => i + 1,
  Home: () => 0,
  End: (_, count) => count - 1,
};

/**
 * The classic experiments, one click each; the one matching the configuration is marked. Each
 * button carries the level its verdict would have with the current semantics, so a pitfall
 * never looks like a correct pairing.
 *
 * The buttons are one toolbar, one Tab stop (the marked experiment, else the one last focused,
 * else the first), with the arrow keys, Home and End between them: the configuration and Train
 * stay a few Tab presses apart.
 */
export function PresetsPanel() {
  const config = useAppStore(selectConfig);
  const setPreset = useAppStore(selectApplyPreset);
  const verdictOf = useAppStore(selectVerdictOf);
  const locked = useAppStore(selectTrainerBusy);
  const current = findPreset(config);
  const currentLevel = current ? verdictOf(applyPreset(config, current)).level : undefined;
  const [focused, setFocused] = useState<string | undefined>();
  const tabStop = current?.id ?? focused ?? PRESETS[0]?.id;
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const move = MOVES[event.key];
    if (!move) return;
    const buttons = [...event.currentTarget.querySelectorAll<HTMLButtonElement>('button.preset')];
    const from = buttons.findIndex((b) => b === document.activeElement);
    if (from < 0) return;
    const to = Math.min(buttons.length - 1, Math.max(0, move(from, buttons.length)));
    event.preventDefault();
    buttons[to]?.focus();
  };
  return (
    <section className="panel presets-panel" aria-labelledby="presets-heading">
      <h2 id="presets-heading">Classic experiments</h2>
      <div
        role="toolbar"
        aria-labelledby="presets-heading"
        className="preset-toolbar"
        onKeyDown={onKeyDown}
      >
        {PRESET_GROUPS.map((group) => (
          <div
            key={group}
            className="preset-group"
            role="group"
            aria-label={PRESET_GROUP_TITLES[group]}
          >
            <h3>{PRESET_GROUP_TITLES[group]}</h3>
            <div className="preset-buttons">
              {PRESETS.filter((preset) => preset.group === group).map((preset) => {
                const level = verdictOf(applyPreset(config, preset)).level;
                return (
                  <button
                    key={preset.id}
                    type="button"
                    className={`preset preset-${level}`}
                    data-testid={`preset-${preset.id}`}
                    data-level={level}
                    aria-pressed={current?.id === preset.id}
                    disabled={locked}
                    tabIndex={preset.id === tabStop ? 0 : -1}
                    onFocus={() => setFocused(preset.id)}
                    title={`${LEVEL_WORD[level]}: ${preset.lesson}`}
                    onClick={() => setPreset(preset.id)}
                  >
                    {preset.title}{' '}
                    <span className={`preset-level level-${level}`}>
                      {VERDICT_LEVELS[level].short}
                    </span>
                  </button>
                );
              })}
            </div>
          </div>
        ))}
      </div>
      {current && currentLevel && (
        <p className="preset-lesson" aria-live="polite">
          <strong>
            {current.title} ({LEVEL_WORD[currentLevel]}):
          </strong>{' '}
          {current.lesson}
        </p>
      )}
    </section>
  );
}
