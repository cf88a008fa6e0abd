import type { RunConfig, SuggestedFix } from '../core';
import { labLinkFor } from '../core';
import {
  selectConfig,
  selectSetConfig,
  selectTrainerBusy,
  selectVerdict,
  selectVerdictOf,
} from '../store';
import { useAppStore } from './storeContext';

const LEVEL_TEXT = {
  ok: 'OK: Keras trains this as intended',
  warning: 'Warning: Keras trains this, but read on',
  error: 'Error: Keras would raise an exception',
} as const;

function FixButton({ fix, primary }: { fix: SuggestedFix; primary?: boolean }) {
  const setConfig = useAppStore(selectSetConfig);
  const busy = useAppStore(selectTrainerBusy);
  return (
    <button
      type="button"
      className={primary ? 'fix primary' : 'fix'}
      disabled={busy}
      onClick={() => setConfig(fix.patch)}
    >
      {fix.label}
    </button>
  );
}

const SEMANTICS_NAME = { tf: 'TensorFlow (tf)', plain: 'JAX / PyTorch (plain)' } as const;

/**
 * The same configuration under the other backend semantics: the lesson of sigmoid + SCCE is
 * that TensorFlow and JAX/PyTorch compute different losses for it.
 */
function SemanticsContrast({ config }: { config: RunConfig }) {
  const setConfig = useAppStore(selectSetConfig);
  const verdictOf = useAppStore(selectVerdictOf);
  const other = config.semantics === 'tf' ? 'plain' : 'tf';
  const here = verdictOf(config);
  const there = verdictOf({ ...config, semantics: other });
  if (here.formula === there.formula && here.level === there.level) {
    return (
      <p className="muted small" data-testid="semantics-contrast">
        Keras on {SEMANTICS_NAME[other]} computes the same loss for this configuration.
      </p>
    );
  }
  return (
    <div className="contrast" data-testid="semantics-contrast">
      <p className="small">
        <strong>On {SEMANTICS_NAME[other]} instead:</strong>{' '}
        <span className={`level level-${there.level}`}>{there.level}</span>{' '}
        <code className="formula">{there.formula}</code>
      </p>
      <button type="button" className="link-button" onClick={() => setConfig({ semantics: other })}>
        Switch to semantics={other} and compare
      </button>
    </div>
  );
}

/**
 * What Keras does with the configuration, live: the level, Keras' own error text when it would
 * raise, the explanation, what `'accuracy'` becomes and the formula actually computed. The fix
 * that makes the verdict OK is one click away.
 */
export function VerdictPanel() {
  const verdict = useAppStore(selectVerdict);
  const config = useAppStore(selectConfig);
  const overall = verdict.suggestedFix;
  // An OK verdict's explanation is general; its first note is what this configuration teaches.
  const note = verdict.level === 'ok' ? verdict.findings[0] : undefined;
  return (
    <section
      className={`panel verdict verdict-${verdict.level}`}
      aria-labelledby="verdict-heading"
      data-testid="verdict"
      data-level={verdict.level}
    >
      <h2 id="verdict-heading">
        Verdict <span className={`level level-${verdict.level}`}>{LEVEL_TEXT[verdict.level]}</span>
      </h2>
      {verdict.kerasError && (
        <pre className="keras-message" data-testid="keras-error">
          {verdict.kerasErrorType && (
            <span className="keras-error-type">{verdict.kerasErrorType}: </span>
          )}
          {verdict.kerasError}
        </pre>
      )}
      <p className="verdict-explanation">
        {note?.explanation === verdict.explanation && <strong>{note.title}. </strong>}
        {verdict.explanation}
      </p>
      {note && note.explanation !== verdict.explanation && (
        <p className="verdict-note" data-code={note.code}>
          <strong>{note.title}.</strong> {note.explanation}
        </p>
      )}
      {overall && (
        <p className="verdict-fix">
          <span className="muted small">To change: </span>
          <FixButton fix={overall} primary />
        </p>
      )}
      <dl className="verdict-facts">
        <dt>Metric</dt>
        <dd data-testid="resolved-metric">
          {config.metric === 'accuracy' ? (
            <>
              <code>metrics=[&apos;accuracy&apos;]</code> becomes{' '}
              <code>{verdict.resolvedMetric}</code>, logged as <code>{verdict.historyKey}</code>
            </>
          ) : (
            <code>{verdict.resolvedMetric}</code>
          )}
        </dd>
        <dt>Loss computed</dt>
        <dd>
          <code className="formula" data-testid="formula">
            {verdict.formula}
          </code>
        </dd>
      </dl>
      <SemanticsContrast config={config} />
      <p className="small lab-link">
        <a href={labLinkFor(config)} target="_blank" rel="noopener" data-testid="open-lab">
          Open in the loss lab
        </a>{' '}
        <span className="muted">
          (new tab): one example with {config.labels} labels, and what every loss, activation and
          from_logits makes of it, step by step.
        </span>
      </p>
      {verdict.findings.length > 0 && (
        <details className="findings-details">
          <summary>
            All {verdict.findings.length} finding{verdict.findings.length === 1 ? '' : 's'}
          </summary>
          <ul className="findings">
            {verdict.findings.map((finding) => (
              <li
                key={finding.code}
                className={`finding finding-${finding.level}`}
                data-code={finding.code}
              >
                <strong>
                  <span
                    className={`level level-${finding.level === 'info' ? 'ok' : finding.level}`}
                  >
                    {finding.level}
                  </span>{' '}
                  {finding.title}
                </strong>
                {finding.kerasMessage && finding.kerasMessage !== verdict.kerasError && (
                  <pre className="keras-message">{finding.kerasMessage}</pre>
                )}
                <p>{finding.explanation}</p>
                {finding.suggestedFix && finding.suggestedFix.label !== overall?.label && (
                  <FixButton fix={finding.suggestedFix} />
                )}
              </li>
            ))}
          </ul>
        </details>
      )}
      {verdict.level === 'error' && (
        <p className="muted small">
          Training is disabled: <code>model.fit</code> would stop with this error on the first
          batch. Change the configuration or apply the fix.
        </p>
      )}
    </section>
  );
}
