import { useEffect, useRef } from 'react';
import { selectLog } from '../store';
import { useAppStore } from './storeContext';
import { useCopy } from './useCopy';

/** What Keras' `model.fit(verbose=2)` prints, line for line, to compare with a notebook. */
export function TrainingLog() {
  const lines = useAppStore(selectLog);
  const [copyState, copy] = useCopy();
  const pre = useRef<HTMLPreElement>(null);
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
    <section className="panel log-panel" aria-labelledby="log-heading">
      <div className="panel-title">
        <h2 id="log-heading">
          Keras log <span className="muted small">model.fit(verbose=2)</span>
        </h2>
        <button type="button" disabled={lines.length === 0} onClick={() => void copy(text)}>
          Copy log
        </button>
        <span className="muted small" aria-live="polite">
          {copyState === 'copied' && 'Copied.'}
          {copyState === 'failed' &&
            'The clipboard is not available: the log is selected, press Ctrl+C.'}
        </span>
      </div>
      <pre ref={pre} role="log" aria-label="Training log" className="keras-log" tabIndex={0}>
        {text}
      </pre>
    </section>
  );
}
