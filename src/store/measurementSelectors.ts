/** Named selectors for the backend measurements (see ./measurementSlice.ts). */
import type { AppState } from './appStore';
import { currentMeasurementKey } from './measurementSlice';
import { selectRunBusy } from './runOwner';

/** What the page knows about measuring the current configuration's backends. */
export const selectBackendMeasurement = (state: AppState) => {
  const key = currentMeasurementKey(state);
  const { records, running, failed, storage } = state.measurement;
  return {
    auto: state.config.backend === 'auto',
    ready: state.measurement.device !== null,
    record: key ? (records[key] ?? null) : null,
    running: running && running.key === key ? running.results : null,
    /** A measurement of another model is going on. */
    otherRunning: running !== null && running.key !== key,
    failed: key ? (failed[key] ?? null) : null,
    storage,
  };
};

/** The current configuration's measurement key (null until the worker named the device). */
export const selectMeasurementKey = (state: AppState) => currentMeasurementKey(state);

/** Whether "measure again" may start now: the worker is ready and nothing trains or measures. */
export const selectCanMeasure = (state: AppState) =>
  state.measurement.device !== null && state.measurement.running === null && !selectRunBusy(state);

export const selectMeasureBackends = (state: AppState) => state.measureBackends;
