import { useEffect, useRef } from 'react';
import { selectLog } from '../store';
import { useScrollTarget } from './pageHooks';
import { useAppStore } from './storeContext';
import { useCopy } from './useCopy';

/**
 * What Keras' `model.fit(verbose=2)` prints, line for line, to compare with a notebook. Before a
 * run there is nothing to print, and the panel says so instead of showing an empty terminal.
 */
export function TrainingLog() {
  const lines = useAppStore(selectLog);
  const [copyState, copy] = useCopy();
  const pre = useRef<HTMLPreElement>(null);
  const ref = useScrollTarget<HTMLElement>('log');
  const text = lines.join('\n');

  useEffect(() => {
    const element = pre.current;
    if (element) element.scrollTop = element.scrollHeight;
  }, [lines]);
  useEffect(() => {
    // The clipboard was refused: select the text so Ctrl+C copies it.
    if (copyState !== 'failed' || !pre.current) return;
    const range = document.createRange();
    range.selectNodeContents(pre.current);
    window.getSelection()?.removeAllRanges();
    window.getSelection()?.addRange(range);
  }, [copyState]);

  return (
    <section ref={ref} className="panel log-panel" aria-labelledby="log-heading">
      <div className="panel-title">
        <h2 id="log-heading">
          Keras log <span className="muted small">model.fit(verbose=2)</span>
        </h2>
        {lines.length > 0 && (
          <button type="button" onClick={() => void copy(text)}>
            Copy log
          </button>
        )}
        <span className="muted small" aria-live="polite">
          {copyState === 'copied' && 'Copied.'}
          {copyState === 'failed' &&
            'The clipboard is not available: the log is selected, press Ctrl+C.'}
        </span>
      </div>
      {lines.length === 0 ? (
        <p className="muted small log-empty" data-testid="log-empty">
          Nothing trained yet. Train, and each epoch&apos;s line appears here as Keras prints it,
          e.g. <code>94/94 - 1s - 12ms/step - accuracy: 0.9284 - loss: 0.2872 - …</code>
        </p>
      ) : (
        <pre ref={pre} role="log" aria-label="Training log" className="keras-log" tabIndex={0}>
          {text}
        </pre>
      )}
    </section>
  );
}
