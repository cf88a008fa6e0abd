import type { DatasetSummary } from '../../worker/client';
import { selectSystem } from '../../store';
import { DigitGrid } from '../DigitGrid';
import { useAppStore } from '../storeContext';
import { OwnData } from './OwnData';

/** The dataset in use, in a sentence. */
export function datasetText(dataset: DatasetSummary): string {
  const n = (count: number) => count.toLocaleString('en');
  if (!dataset.own) return `${n(dataset.count)} digits loaded from ${dataset.file}`;
  const test =
    dataset.own.testCount === null
      ? 'test digits split off them'
      : `${n(dataset.own.testCount)} test images`;
  return `own data: ${n(dataset.count)} training images from ${dataset.file}, ${test}`;
}

/** The worker's state, the dataset in use (built-in or own files) and a few of its digits. */
export function DataPanel() {
  const system = useAppStore(selectSystem);
  return (
    <section aria-labelledby="system-heading" className="panel engine-panel">
      <h2 id="system-heading">Data</h2>
      <p role="status" data-testid="worker-status">
        {system.status === 'starting' && 'Starting the training worker and loading MNIST…'}
        {system.status === 'ready' &&
          system.ready &&
          `Ready: ${datasetText(system.ready.dataset)}.`}
        {system.status === 'error' && 'The training worker is not available.'}
      </p>
      {system.error && (
        <p role="alert" className="error">
          {system.error}
        </p>
      )}
      {system.warnings.map((warning) => (
        <p key={warning} className="warning-text small">
          The worker reported an error it recovered from: {warning}
        </p>
      ))}
      {system.samples && <DigitGrid samples={system.samples} />}
      {system.status === 'ready' && <OwnData />}
    </section>
  );
}
