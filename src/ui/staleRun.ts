import { differingFields, KEY_OF_FIELD, type RunConfig } from '../core';
import { selectConfig, selectRunInfo, selectTrainingStatus } from '../store';
import { CONTROLS } from './controls';
import { useAppStore } from './storeContext';
import { shortConfigName } from './verdictText';

/**
 * The fields in which the configuration on screen differs from the run whose results are shown.
 * The backend is left out: it changes how fast a run goes, not what it computes.
 */
export function staleFields(run: RunConfig, current: RunConfig): (keyof RunConfig)[] {
  return differingFields([run, current]).filter((field) => field !== 'backend');
}

/** A configuration field as the page names its control ("learning rate"), for sentences. */
export function fieldName(field: keyof RunConfig): string {
  const label = CONTROLS[KEY_OF_FIELD[field]].label;
  return label.charAt(0).toLowerCase() + label.slice(1);
}

/**
 * When the curves and results on screen belong to a finished run of another configuration:
 * that run's short name, so the page can say so instead of showing them as the current one's.
 */
export function useStaleRun(): { name: string; changed: string } | null {
  const run = useAppStore(selectRunInfo);
  const config = useAppStore(selectConfig);
  const status = useAppStore(selectTrainingStatus);
  if (!run || (status !== 'done' && status !== 'error')) return null;
  const fields = staleFields(run.config, config);
  if (fields.length === 0) return null;
  return { name: shortConfigName(run.config), changed: fields.map(fieldName).join(', ') };
}
