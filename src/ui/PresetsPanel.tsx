import { findPreset, PRESET_GROUP_TITLES, PRESET_GROUPS, PRESETS } from '../core';
import { selectApplyPreset, selectConfig, selectTrainerBusy } from '../store';
import { useAppStore } from './storeContext';

/** The classic experiments, one click each; the one matching the configuration is marked. */
export function PresetsPanel() {
  const config = useAppStore(selectConfig);
  const applyPreset = useAppStore(selectApplyPreset);
  const locked = useAppStore(selectTrainerBusy);
  const current = findPreset(config);
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
            {PRESETS.filter((preset) => preset.group === group).map((preset) => (
              <button
                key={preset.id}
                type="button"
                className={`preset${preset.expect === 'keras-error' ? ' preset-error' : ''}`}
                data-testid={`preset-${preset.id}`}
                aria-pressed={current?.id === preset.id}
                disabled={locked}
                title={preset.lesson}
                onClick={() => applyPreset(preset.id)}
              >
                {preset.title}
              </button>
            ))}
          </div>
        </div>
      ))}
      {current && (
        <p className="preset-lesson" aria-live="polite">
          <strong>{current.title}:</strong> {current.lesson}
        </p>
      )}
    </section>
  );
}
