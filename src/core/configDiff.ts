/**
 * The fields that tell runs apart and a legend naming them: the compare view's legend, the
 * trainer's "this run had other settings" line. Outside the grid's table, so the first screen
 * (the trainer) does not carry the grid's code. Pure.
 */
import type { ConfigField, RunConfig } from './config';
import { FIELD_NAMES, KEY_OF_FIELD, fieldSpec } from './config';
import { encodeField, sameField } from './configSchema';
import { datasetLabel } from './datasetCatalog';

/**
 * Fields whose value differs between the configurations, in the field table's order (values
 * compared as their links write them, so two runs on the same own files agree on `dataset`).
 */
export function differingFields(configs: readonly RunConfig[]): ConfigField[] {
  const first = configs[0];
  if (!first) return [];
  return FIELD_NAMES.filter((field) => configs.some((c) => !sameField(field, c, first)));
}

/**
 * A legend label naming only what differs, e.g. `sigmoid · sparse_categorical_crossentropy`;
 * booleans and numbers with their link key (`lr=0.01`), the data by its short label.
 */
export function legendLabel(config: RunConfig, fields: readonly ConfigField[]): string {
  if (fields.length === 0) return 'identical configuration';
  return fields
    .map((f) => {
      if (f === 'dataset') return datasetLabel(config.dataset);
      const value = encodeField(config[f]);
      return fieldSpec(f).kind === 'choice' ? value : `${KEY_OF_FIELD[f]}=${value}`;
    })
    .join(' · ');
}
