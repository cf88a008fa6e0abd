import { useShallow } from 'zustand/react/shallow';
import { describeDataset, nounOf, sameDataset } from '../../core';
import type { DatasetSummary } from '../../worker/client';
import { selectDataInUse, selectSystem } from '../../store';
import { DigitGrid } from '../DigitGrid';
import { useAppStore } from '../storeContext';
import { OwnData } from './OwnData';

/** The dataset in use, in a sentence. */
export function datasetText(dataset: DatasetSummary): string {
  const n = (count: number) => count.toLocaleString('en');
  if (!dataset.own) {
    return `${n(dataset.count)} ${nounOf(dataset.ref).many} loaded from ${dataset.file}`;
  }
  const test =
    dataset.own.testCount === null
      ? 'test digits split off them'
      : `${n(dataset.own.testCount)} test images`;
  return `own data: ${n(dataset.count)} training images from ${dataset.file}, ${test}`;
}

/**
 * The worker's state, the data the configuration names (built-in or own files, and which files a
 * link made on own files needs when they are not loaded) and a few of its images.
 */
export function DataPanel() {
  const system = useAppStore(selectSystem);
  const { dataset, summary, missing, problem } = useAppStore(useShallow(selectDataInUse));
  const samples =
    system.samples && sameDataset(system.samples.dataset, dataset) ? system.samples : null;
  return (
    <section aria-labelledby="system-heading" className="panel engine-panel">
      <h2 id="system-heading">Data</h2>
      <p role="status" data-testid="worker-status">
        {system.status === 'starting' && 'Starting the training worker and loading MNIST…'}
        {system.status === 'ready' && summary && `Ready: ${datasetText(summary)}.`}
        {system.status === 'ready' &&
          missing &&
          'Ready, but the data this configuration names is not loaded.'}
        {system.status === 'error' && 'The training worker is not available.'}
      </p>
      {missing && (
        <p role="alert" className="warning-text" data-testid="data-needed">
          This configuration trains on {describeDataset(dataset)}. Drop or choose those files below
          to run it, or go back to the built-in MNIST digits.
        </p>
      )}
      {problem && (
        <p role="alert" className="warning-text" data-testid="task-problem">
          {problem}
        </p>
      )}
      {system.error && (
        <p role="alert" className="error">
          {system.error}
        </p>
      )}
      {system.lost && (
        <p className="warning-text small" data-testid="worker-lost">
          {system.lost}
        </p>
      )}
      {system.warnings.map((warning) => (
        <p key={warning} className="warning-text small">
          The worker reported an error it recovered from: {warning}
        </p>
      ))}
      {samples && <DigitGrid samples={samples} />}
      {system.status === 'ready' && <OwnData />}
    </section>
  );
}
