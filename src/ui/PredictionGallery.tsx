import type { Activation, DatasetRef, SamplePrediction } from '../core';
import { classNamesOf, DEFAULT_DATASET, DEFAULT_THRESHOLD, nounOf } from '../core';
import { DigitCanvas } from './DigitGrid';

const SUM_NOTE: Readonly<Record<Activation, (units: number) => string>> = {
  softmax: () => 'softmax outputs always sum to 1: they compete for one class.',
  sigmoid: (units) => `sigmoid outputs are ${units} independent probabilities: their sum is not 1.`,
  linear: () => 'linear outputs are raw logits: any real numbers, the sum means nothing.',
};

function OutputBars({
  sample,
  activation,
  name,
}: {
  sample: SamplePrediction;
  activation: Activation;
  name: (k: number) => string;
}) {
  // Probabilities are drawn on [0, 1]; logits relative to the largest magnitude.
  const scale =
    activation === 'linear' ? Math.max(1e-9, ...sample.outputs.map((v) => Math.abs(v))) : 1;
  return (
    <div className="bars" aria-hidden="true">
      {sample.outputs.map((value, k) => (
        <div key={k} className="bar-slot" title={`${name(k)}: ${value.toFixed(3)}`}>
          <div
            className={`bar${k === sample.predicted ? ' bar-predicted' : ''}${
              k === sample.label ? ' bar-true' : ''
            }${value < 0 ? ' bar-negative' : ''}`}
            style={{ height: `${Math.min(100, (Math.abs(value) / scale) * 100)}%` }}
          />
          {/* The index keeps a bar's caption narrow; the title and the text below name the class. */}
          <span>{k}</span>
        </div>
      ))}
    </div>
  );
}

/**
 * Test images with their true and predicted classes (named as the run's dataset names them) and
 * the output vector as bars.
 */
export function PredictionGallery({
  samples,
  activation,
  dataset = DEFAULT_DATASET,
}: {
  samples: readonly SamplePrediction[];
  activation: Activation;
  /** The run's data (default MNIST's digits). */
  dataset?: DatasetRef;
}) {
  const classNames = classNamesOf(dataset);
  const name = (k: number) => classNames[k] ?? String(k);
  const units = samples[0]?.outputs.length ?? classNames.length;
  const noun = nounOf(dataset);
  return (
    <div className="gallery-wrap">
      <p className="small">
        <strong>Output vectors.</strong> {SUM_NOTE[activation](units)}
      </p>
      <ul className="gallery" aria-label={`Test ${noun.many} with their predictions`}>
        {samples.map((sample) => {
          const sum = sample.outputs.reduce((a, b) => a + b, 0);
          const truth = sample.labels ?? [sample.label];
          // Multi-label: every output above the threshold is a predicted digit (as binary_accuracy reads it).
          const predicted = sample.labels
            ? sample.outputs.flatMap((value, k) => (value > DEFAULT_THRESHOLD ? [k] : []))
            : [sample.predicted];
          const right = predicted.join(',') === truth.join(',');
          const names = (classes: number[]) =>
            classes.length > 0 ? classes.map(name).join(', ') : 'none';
          return (
            <li
              key={sample.index}
              className={`prediction ${right ? 'right' : 'wrong'}`}
              data-testid="prediction"
            >
              <DigitCanvas
                pixels={sample.pixels}
                rows={sample.rows ?? 28}
                cols={sample.cols ?? 28}
                label={`Test image, true ${names(truth)}`}
              />
              <div className="prediction-text">
                <span>
                  true <strong>{names(truth)}</strong>
                </span>
                <span>
                  predicted <strong>{names(predicted)}</strong> {right ? '✓' : '✗'}
                </span>
                <span className="muted tabular" data-testid="output-sum">
                  Σ = {sum.toFixed(3)}
                </span>
              </div>
              <OutputBars sample={sample} activation={activation} name={name} />
              <span className="sr-only">
                Outputs: {sample.outputs.map((v, k) => `${name(k)}: ${v.toFixed(3)}`).join(', ')}
              </span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
