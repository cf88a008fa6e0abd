import { selectConfig, selectSetConfig, selectVerdict } from '../store';
import { useAppStore } from './storeContext';

const LEVEL_TEXT = {
  ok: 'OK: Keras trains this as intended',
  warning: 'Warning: Keras trains this, but read on',
  error: 'Error: Keras would raise an exception',
} as const;

/**
 * What Keras does with the configuration, live: the level, Keras' own error text when it would
 * raise, the explanation, what `'accuracy'` becomes and the formula actually computed. A
 * suggested fix is one click away.
 */
export function VerdictPanel() {
  const verdict = useAppStore(selectVerdict);
  const config = useAppStore(selectConfig);
  const setConfig = useAppStore(selectSetConfig);
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
      {verdict.findings.length > 0 && (
        <ul className="findings">
          {verdict.findings.map((finding, i) => (
            <li key={i} className={`finding finding-${finding.level}`}>
              <strong>{finding.title}</strong>
              {finding.kerasMessage && (
                <pre className="keras-message" data-testid="keras-message">
                  {finding.kerasMessage}
                </pre>
              )}
              <p>{finding.explanation}</p>
              {finding.suggestedFix && (
                <button
                  type="button"
                  className="fix"
                  onClick={() => setConfig(finding.suggestedFix?.patch ?? {})}
                >
                  Apply fix: {finding.suggestedFix.label}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <dl className="verdict-facts">
        <dt>Metric</dt>
        <dd data-testid="resolved-metric">
          {config.metric === 'accuracy' ? (
            <>
              <code>&apos;accuracy&apos;</code> becomes <code>{verdict.resolvedMetric}</code>
            </>
          ) : (
            <code>{verdict.resolvedMetric}</code>
          )}
        </dd>
        {verdict.formula && (
          <>
            <dt>Loss computed</dt>
            <dd>
              <code className="formula" data-testid="formula">
                {verdict.formula}
              </code>
            </dd>
          </>
        )}
      </dl>
      {verdict.level === 'error' && (
        <p className="muted small">
          Training is disabled: <code>model.fit</code> would stop with this error. Change the
          configuration or apply a fix.
        </p>
      )}
    </section>
  );
}
