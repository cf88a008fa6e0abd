import { selectResult, selectRunInfo, selectTraining } from '../store';
import { ConfusionMatrix } from './ConfusionMatrix';
import { LabelTable } from './LabelTable';
import { ThresholdPanel } from './multiLabel/ThresholdPanel';
import { PredictionGallery } from './PredictionGallery';
import { useScrollTarget } from './pageHooks';
import { useAppStore } from './storeContext';

/** After a run: test accuracy, the confusion matrix and a gallery of test digits. */
export function Results() {
  const result = useAppStore(selectResult);
  const run = useAppStore(selectRunInfo);
  const { doneReason } = useAppStore(selectTraining);
  const ref = useScrollTarget<HTMLElement>('results');
  if (!result) return null;
  const activation = run?.config.activation ?? 'softmax';
  const multiLabel = run?.config.task === 'multilabel';
  const accuracy = Number.isNaN(result.testAccuracy)
    ? 'not measured'
    : `${(result.testAccuracy * 100).toFixed(2)}%`;
  return (
    <section ref={ref} className="panel results" aria-labelledby="results-heading">
      <h2 id="results-heading">Results on the test digits</h2>
      <p className="test-accuracy">
        {multiLabel
          ? 'Subset accuracy (every label of an image right, outputs > 0.5):'
          : 'Test accuracy (argmax of the output vs the true digit):'}{' '}
        <strong data-testid="test-accuracy">{accuracy}</strong>
        <span className="muted small">
          {' '}
          · {(result.totalMs / 1000).toFixed(1)} s on {result.backend}
          {doneReason === 'stopped' ? ' · stopped early' : ''}
        </span>
      </p>
      {result.divergence && (
        <p className="warning-text">
          The loss became {String(result.divergence.value)} in epoch {result.divergence.epoch},
          batch {result.divergence.batch}. {result.divergence.cause}
        </p>
      )}
      <div className="results-grid">
        {result.confusion.length > 0 && (
          <ConfusionMatrix matrix={result.confusion} perClass={result.perClassAccuracy} />
        )}
        {result.testOutputs ? (
          <ThresholdPanel testOutputs={result.testOutputs} activation={activation} />
        ) : (
          result.labelCounts && (
            <LabelTable counts={result.labelCounts} accuracy={result.perClassAccuracy} />
          )
        )}
        {result.samples.length > 0 && (
          <PredictionGallery samples={result.samples} activation={activation} />
        )}
      </div>
    </section>
  );
}
