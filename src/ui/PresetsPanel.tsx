import { applyPreset, findPreset, PRESET_GROUP_TITLES, PRESET_GROUPS, PRESETS } from '../core';
import { VERDICT_LEVELS } from '../core';
import { selectApplyPreset, selectConfig, selectTrainerBusy, selectVerdictOf } from '../store';
import { useAppStore } from './storeContext';
import { LEVEL_WORD } from './verdictText';

/**
 * The classic experiments, one click each; the one matching the configuration is marked. Each
 * button carries the level its verdict would have with the current semantics, so a pitfall
 * never looks like a correct pairing.
 */
export function PresetsPanel() {
  const config = useAppStore(selectConfig);
  const setPreset = useAppStore(selectApplyPreset);
  const verdictOf = useAppStore(selectVerdictOf);
  const locked = useAppStore(selectTrainerBusy);
  const current = findPreset(config);
  const currentLevel = current ? verdictOf(applyPreset(config, current)).level : undefined;
  return (
    <section className="panel presets-panel" aria-labelledby="presets-heading">
      <h2 id="presets-heading">Classic experiments</h2>
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
