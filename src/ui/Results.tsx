import { selectDoneReason, selectResult, selectRunInfo } from '../store';
import { binaryClassNames, DEFAULT_DATASET, nounOf } from '../core';
import { BinaryConfusion, countsOf, storedRule } from './binary/BinaryConfusion';
import { BinaryResults } from './binary/BinaryResults';
import { ConfusionMatrix } from './ConfusionMatrix';
import { LabelTable } from './LabelTable';
import { ThresholdPanel } from './multiLabel/ThresholdPanel';
import { PredictionGallery } from './PredictionGallery';
import { useScrollTarget } from './pageHooks';
import { useAppStore } from './storeContext';

/**
 * After a run: test accuracy, the confusion matrix and a gallery of test images, with the classes
 * named as the run's dataset names them; multi-label runs get a threshold panel instead of the
 * matrix, binary runs their own view (binary/).
 */
export function Results() {
  const result = useAppStore(selectResult);
  const run = useAppStore(selectRunInfo);
  const doneReason = useAppStore(selectDoneReason);
  const ref = useScrollTarget<HTMLElement>('results');
  if (!result) return null;
  const activation = run?.config.activation ?? 'softmax';
  const multiLabel = run?.config.task === 'multilabel';
  const binary = run?.config.task === 'binary' ? run.config : undefined;
  const dataset = run?.config.dataset ?? DEFAULT_DATASET;
  const noun = nounOf(dataset);
  const accuracy = Number.isNaN(result.testAccuracy)
    ? 'not measured'
    : `${(result.testAccuracy * 100).toFixed(2)}%`;
  return (
    <section ref={ref} className="panel results" aria-labelledby="results-heading">
      <h2 id="results-heading">Results on the test {noun.many}</h2>
      <p className="test-accuracy">
        {multiLabel
          ? 'Subset accuracy (every label of an image right, outputs > 0.5):'
          : binary
            ? binary.outputs === 1
              ? 'Test accuracy (output > 0.5 vs the true answer):'
              : 'Test accuracy (argmax of the two outputs vs the true answer):'
            : `Test accuracy (argmax of the output vs the true ${noun.one}):`}{' '}
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
      {binary ? (
        result.testOutputs ? (
          <BinaryResults
            testOutputs={result.testOutputs}
            samples={result.samples}
            config={binary}
            logged={result.history.at(-1)?.binary?.val}
          />
        ) : (
          <BinaryConfusion
            counts={countsOf(result.confusion)}
            names={binaryClassNames(binary.target)}
            rule={storedRule(binary.outputs, binaryClassNames(binary.target)[1])}
          />
        )
      ) : (
        <div className="results-grid">
          {result.confusion.length > 0 && (
            <ConfusionMatrix
              matrix={result.confusion}
              perClass={result.perClassAccuracy}
              dataset={dataset}
            />
          )}
          {result.testOutputs ? (
            <ThresholdPanel testOutputs={result.testOutputs} activation={activation} />
          ) : (
            result.labelCounts && (
              <LabelTable counts={result.labelCounts} accuracy={result.perClassAccuracy} />
            )
          )}
          {result.samples.length > 0 && (
            <PredictionGallery samples={result.samples} activation={activation} dataset={dataset} />
          )}
        </div>
      )}
    </section>
  );
}
