import type { Activation, SamplePrediction } from '../../core';
import { DigitCanvas } from '../DigitGrid';

/** The "yes" output of a sample: its only unit, or the second of two. */
export function yesOutput(sample: SamplePrediction): number {
  return sample.outputs[sample.outputs.length - 1] ?? NaN;
}

/**
 * Test digits with the model's "yes" output and its answer at the slider's threshold: a bar for
 * a probability, the number alone for a linear output's logit (which has no scale to draw).
 */
export function BinaryGallery({
  samples,
  names,
  activation,
  threshold,
}: {
  samples: readonly SamplePrediction[];
  names: readonly [string, string];
  activation: Activation;
  threshold: number;
}) {
  const what = activation === 'linear' ? 'logit' : `P(${names[1]})`;
  return (
    <div className="gallery-wrap">
      <p className="small">
        <strong>Test digits.</strong> The model&apos;s {what} for each, and its answer at threshold{' '}
        {threshold.toFixed(2)}.
      </p>
      <ul className="gallery" aria-label="Test digits with the model's answer">
        {samples.map((sample) => {
          const value = yesOutput(sample);
          const said = value > threshold ? 1 : 0;
          const right = said === sample.label;
          const truth = names[sample.label === 1 ? 1 : 0];
          return (
            <li
              key={sample.index}
              className={`prediction ${right ? 'right' : 'wrong'}`}
              data-testid="binary-prediction"
            >
              <DigitCanvas
                pixels={sample.pixels}
                rows={sample.rows ?? 28}
                cols={sample.cols ?? 28}
                label={`Test image, true answer ${truth}`}
              />
              <div className="prediction-text">
                <span>
                  true <strong>{truth}</strong>
                </span>
                <span>
                  said <strong>{names[said]}</strong> {right ? '✓' : '✗'}
                </span>
                <span className="muted tabular" data-testid="binary-output">
                  {what} = {value.toFixed(3)}
                </span>
              </div>
              {activation !== 'linear' && (
                <div className="yes-meter" aria-hidden="true">
                  <div
                    className="yes-meter-fill"
                    style={{ width: `${Math.min(100, Math.max(0, value * 100))}%` }}
                  />
                  <div className="yes-meter-threshold" style={{ left: `${threshold * 100}%` }} />
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
