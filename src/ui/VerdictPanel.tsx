import { useState } from 'react';
import type { RunConfig } from '../core';
import { labLinkFor, VERDICT_LEVELS, verdictHeadline } from '../core';
import {
  selectConfig,
  selectSetConfig,
  selectUi,
  selectVerdict,
  selectVerdictOf,
  type Finding,
  type Verdict,
} from '../store';
import { FixButton } from './FixButton';
import { useAppStore } from './storeContext';
import { findingClass, findingWord, LEVEL_WORD, plainLossInput } from './verdictText';

const SEMANTICS_NAME = { tf: 'TensorFlow (tf)', plain: 'JAX / PyTorch (plain)' } as const;

/**
 * The same configuration under the other backend semantics: the lesson of sigmoid + SCCE is
 * that TensorFlow and JAX/PyTorch compute different losses for it. A level that differs comes
 * with its reason; a configuration both reject says so instead of "the same loss".
 */
export function SemanticsContrast({ config }: { config: RunConfig }) {
  const setConfig = useAppStore(selectSetConfig);
  const verdictOf = useAppStore(selectVerdictOf);
  const other = config.semantics === 'tf' ? 'plain' : 'tf';
  const here = verdictOf(config);
  const there = verdictOf({ ...config, semantics: other });
  if (here.level === 'error' && there.level === 'error') {
    return (
      <p className="small contrast-same" data-testid="semantics-contrast">
        Keras on {SEMANTICS_NAME[other]} rejects it too.
      </p>
    );
  }
  if (here.formula === there.formula && here.level === there.level) {
    return (
      <p className="small contrast-same" data-testid="semantics-contrast">
        Keras on {SEMANTICS_NAME[other]} computes the same loss for this configuration.
      </p>
    );
  }
  return (
    <div className="contrast" data-testid="semantics-contrast">
      <p className="small">
        <strong>On {SEMANTICS_NAME[other]} instead:</strong>{' '}
        <span className={`level level-${there.level}`}>{LEVEL_WORD[there.level]}</span>{' '}
        <span data-testid="contrast-reason">{verdictHeadline(there)}.</span>
      </p>
      {there.level !== 'error' && here.formula !== there.formula && (
        <p className="small">
          <code className="formula">{there.formula}</code>
        </p>
      )}
      <button type="button" className="link-button" onClick={() => setConfig({ semantics: other })}>
        Switch to semantics={other} and compare
      </button>
    </div>
  );
}

/**
 * The findings not already on screen: the one whose explanation is the verdict's, and an OK
 * verdict's note, are shown above and not repeated.
 */
export function moreFindings(verdict: Verdict, note: Finding | undefined): Finding[] {
  return verdict.findings.filter(
    (finding) => finding !== note && finding.explanation !== verdict.explanation,
  );
}

function LabLink({ config }: { config: RunConfig }) {
  return (
    <p className="small lab-link">
      <a
        href={labLinkFor(config)}
        target="_blank"
        rel="noopener"
        data-testid="open-lab"
        title={`Every loss on one example with ${config.labels} labels, step by step (new tab)`}
      >
        Open in the loss lab
      </a>{' '}
      <span className="muted">(new tab)</span>
    </p>
  );
}

function Facts({ verdict, config }: { verdict: Verdict; config: RunConfig }) {
  return (
    <>
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
          {verdict.level === 'error' ? (
            <span data-testid="formula">{verdict.formula}</span>
          ) : (
            <>
              {plainLossInput(config) && (
                <span className="formula-plain" data-testid="formula-plain">
                  {plainLossInput(config)}{' '}
                </span>
              )}
              <code className="formula" data-testid="formula">
                {verdict.formula}
              </code>
            </>
          )}
        </dd>
      </dl>
      <SemanticsContrast config={config} />
    </>
  );
}

/**
 * What Keras does with the configuration, live: the level, Keras' own error text when it would
 * raise, the explanation, what `'accuracy'` becomes and the formula actually computed. The fix
 * that makes the verdict OK is one click away. In presentation mode the facts fold away behind
 * one button, so the verdict, the training controls and the curves fit one screen.
 */
export function VerdictPanel() {
  const verdict = useAppStore(selectVerdict);
  const config = useAppStore(selectConfig);
  const { presentation } = useAppStore(selectUi);
  const [factsOpen, setFactsOpen] = useState(false);
  const overall = verdict.suggestedFix;
  // An OK verdict's explanation is general; its first note is what this configuration teaches.
  const note = verdict.level === 'ok' ? verdict.findings[0] : undefined;
  const more = moreFindings(verdict, note);
  const showFacts = !presentation || factsOpen;
  return (
    <section
      id="verdict"
      tabIndex={-1}
      className={`panel verdict verdict-${verdict.level}`}
      aria-labelledby="verdict-heading"
      data-testid="verdict"
      data-level={verdict.level}
    >
      <div className="verdict-head">
        <h2 id="verdict-heading">
          Verdict{' '}
          <span className={`level level-${verdict.level}`} data-testid="verdict-level">
            {LEVEL_WORD[verdict.level]}
          </span>{' '}
          <span className="level-sentence">{VERDICT_LEVELS[verdict.level].sentence}</span>
        </h2>
        {overall && (
          <p className="verdict-fix">
            <span className="muted small">To change: </span>
            <FixButton fix={overall} primary />
          </p>
        )}
        {!presentation && <LabLink config={config} />}
      </div>
      <div className={`verdict-body${showFacts ? '' : ' facts-hidden'}`}>
        <div className="verdict-main">
          {verdict.kerasError && (
            <pre className="keras-message" data-testid="keras-error">
              {verdict.kerasErrorType && (
                <span className="keras-error-type">{verdict.kerasErrorType}: </span>
              )}
              {verdict.kerasError}
            </pre>
          )}
          {note && note.explanation === verdict.explanation ? (
            // The note is the explanation (an OK verdict with one lesson): say it once, titled.
            <p className="verdict-explanation" data-code={note.code}>
              <strong>{note.title}.</strong> {note.explanation}
            </p>
          ) : (
            <>
              <p className="verdict-explanation">{verdict.explanation}</p>
              {note && showFacts && (
                <p className="verdict-note" data-code={note.code}>
                  <strong>{note.title}.</strong> {note.explanation}
                </p>
              )}
            </>
          )}
          {presentation && (
            <button
              type="button"
              className="link-button facts-toggle"
              aria-expanded={factsOpen}
              aria-controls="verdict-facts"
              onClick={() => setFactsOpen(!factsOpen)}
            >
              {factsOpen ? 'Hide the formula and details' : 'Formula and details'}
            </button>
          )}
          {verdict.level === 'error' && (
            <p className="muted small verdict-off">
              Training is off: <code>model.fit</code> would stop with this error on the first batch.
              Change the configuration or apply the fix.
            </p>
          )}
        </div>
        {showFacts && (
          <div className="verdict-side" id="verdict-facts">
            <Facts verdict={verdict} config={config} />
            {presentation && <LabLink config={config} />}
          </div>
        )}
      </div>
      {more.length > 0 && (
        <details className="findings-details">
          <summary>{more.length === 1 ? '1 more finding' : `${more.length} more findings`}</summary>
          <ul className="findings">
            {more.map((finding) => (
              <li
                key={finding.code}
                className={`finding finding-${finding.level}`}
                data-code={finding.code}
              >
                <strong>
                  <span className={findingClass(finding.level)}>{findingWord(finding.level)}</span>{' '}
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
    </section>
  );
}
