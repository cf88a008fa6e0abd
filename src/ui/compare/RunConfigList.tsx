import { FIELD_NAMES, KEY_OF_FIELD, datasetLabel, encodeField, type RunConfig } from '../../core';
import { CONTROLS } from '../controls';

/** A kept run's whole configuration, each field under its control's name (the run's detail). */
export function RunConfigList({ config }: { config: RunConfig }) {
  return (
    <details className="run-config" data-testid="run-config">
      <summary>Configuration</summary>
      <dl className="run-config-list">
        {FIELD_NAMES.map((field) => (
          <div key={field}>
            <dt>{CONTROLS[KEY_OF_FIELD[field]].label}</dt>
            <dd>
              <code>
                {field === 'dataset' ? datasetLabel(config.dataset) : encodeField(config[field])}
              </code>
            </dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
