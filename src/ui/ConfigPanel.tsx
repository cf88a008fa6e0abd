import { splitProblem, type ControlId } from '../core';
import { selectConfig, selectHidden, selectShowAllControls, selectTrainerBusy } from '../store';
import { FromLogitsField, NumberField, SelectField } from './fields';
import { useAppStore } from './storeContext';

/**
 * Every choice of the run, grouped as a student meets them: the output and its loss, the labels
 * and the metric, then the model, the optimizer and the data. Locked while a run is in progress.
 */
export function ConfigPanel() {
  const config = useAppStore(selectConfig);
  const hidden = useAppStore(selectHidden);
  const showAll = useAppStore(selectShowAllControls);
  const locked = useAppStore(selectTrainerBusy);
  const shown = (id: ControlId) => !hidden.includes(id);
  const anyShown = (ids: readonly ControlId[]) => ids.some(shown);

  return (
    <section className="panel config-panel" aria-labelledby="config-heading">
      <h2 id="config-heading">Configuration</h2>
      {locked && <p className="muted small">Locked while training. Stop or reset to change.</p>}
      {anyShown(['act', 'loss', 'from_logits']) && (
        <fieldset disabled={locked}>
          <legend>Output and loss</legend>
          {shown('act') && <SelectField field="activation" />}
          {shown('loss') && <SelectField field="loss" wide />}
          {shown('from_logits') && <FromLogitsField />}
        </fieldset>
      )}
      {anyShown(['task', 'labels', 'metric', 'semantics']) && (
        <fieldset disabled={locked}>
          <legend>Labels and metric</legend>
          {shown('task') && <SelectField field="task" />}
          {shown('target') && config.task === 'binary' && <SelectField field="target" />}
          {shown('outputs') && config.task === 'binary' && <NumberField field="outputs" />}
          {shown('labels') && <SelectField field="labels" />}
          {shown('metric') && <SelectField field="metric" wide />}
          {shown('semantics') && <SelectField field="semantics" />}
        </fieldset>
      )}
      {anyShown(['model', 'units', 'opt', 'lr', 'momentum']) && (
        <fieldset disabled={locked}>
          <legend>Model and optimizer</legend>
          {shown('model') && <SelectField field="model" />}
          {shown('units') && config.model === 'mlp' && <NumberField field="units" />}
          {shown('opt') && <SelectField field="optimizer" />}
          {shown('lr') && <NumberField field="learningRate" />}
          {shown('momentum') && config.optimizer === 'sgd' && <NumberField field="momentum" />}
        </fieldset>
      )}
      {anyShown(['batch', 'epochs', 'train', 'test', 'seed', 'backend']) && (
        <fieldset disabled={locked}>
          <legend>Data and run</legend>
          {shown('batch') && <NumberField field="batchSize" />}
          {shown('epochs') && <NumberField field="epochs" />}
          {shown('train') && (
            <NumberField
              field="trainSize"
              check={(trainSize) => splitProblem({ ...config, trainSize })}
            />
          )}
          {shown('test') && (
            <NumberField
              field="testSize"
              check={(testSize) => splitProblem({ ...config, testSize })}
            />
          )}
          {shown('seed') && <NumberField field="seed" />}
          {shown('backend') && <SelectField field="backend" />}
        </fieldset>
      )}
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
