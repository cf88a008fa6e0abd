import {
  FIELD_GROUPS,
  FIELD_NAMES,
  fieldSpec,
  KEY_OF_FIELD,
  type ChoiceField,
  type ConfigField,
  type FieldGroup,
  type FlagField,
  type NumericField,
  type RunConfig,
} from '../core';
import { selectConfig, selectHidden, selectShowAllControls, selectTrainerBusy } from '../store';
import { CONTROLS, GROUP_LEGENDS } from './controls';
import { BooleanField, NumberField, SelectField } from './fields';
import { useAppStore } from './storeContext';

const GROUPS = Object.keys(FIELD_GROUPS) as FieldGroup[];

/** The fields of each group, in the table's order. */
const FIELDS_OF_GROUP = Object.fromEntries(
  GROUPS.map((group) => [group, FIELD_NAMES.filter((field) => fieldSpec(field).group === group)]),
) as Record<FieldGroup, ConfigField[]>;

/** The control of one field, by its kind in the field table. */
function FieldControl({ field, config }: { field: ConfigField; config: RunConfig }) {
  const spec = fieldSpec(field);
  switch (spec.kind) {
    case 'choice':
      return <SelectField field={field as ChoiceField} wide={CONTROLS[KEY_OF_FIELD[field]].wide} />;
    case 'number': {
      const { check } = spec;
      return (
        <NumberField
          field={field as NumericField}
          check={check && ((value) => check({ ...config, [field]: value }))}
        />
      );
    }
    case 'boolean':
      return <BooleanField field={field as FlagField} />;
    case 'dataset':
      // The data has a panel of its own (DataPanel), with file inputs.
      return null;
  }
}

/**
 * Every choice of the run, grouped as a student meets them: the output and its loss, the labels
 * and the metric, then the model, the optimizer and the data. The controls, their order, their
 * group and when they show come from the field table (`CONFIG_FIELDS`); a lesson link's `hide=`
 * removes some. Locked while a run is in progress.
 */
export function ConfigPanel() {
  const config = useAppStore(selectConfig);
  const hidden = useAppStore(selectHidden);
  const showAll = useAppStore(selectShowAllControls);
  const locked = useAppStore(selectTrainerBusy);
  const shown = (field: ConfigField) => !hidden.includes(KEY_OF_FIELD[field]);

  return (
    <section className="panel config-panel" aria-labelledby="config-heading">
      <h2 id="config-heading">Configuration</h2>
      {locked && <p className="muted small">Locked while training. Stop or reset to change.</p>}
      {GROUPS.map((group) => {
        const fields = FIELDS_OF_GROUP[group].filter(shown);
        if (fields.length === 0) return null;
        return (
          <fieldset key={group} disabled={locked}>
            <legend>{GROUP_LEGENDS[group]}</legend>
            {fields
              .filter((field) => fieldSpec(field).applies?.(config) ?? true)
              .map((field) => (
                <FieldControl key={field} field={field} config={config} />
              ))}
          </fieldset>
        );
      })}
      {hidden.length > 0 && (
        <p className="small">
          This lesson link hides {hidden.length} control{hidden.length === 1 ? '' : 's'}.{' '}
          <button type="button" className="link-button" onClick={showAll}>
            Show all controls
          </button>
        </p>
      )}
    </section>
  );
}
