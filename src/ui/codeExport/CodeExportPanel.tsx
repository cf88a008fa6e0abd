import { useMemo, useState } from 'react';
import type { CodeTarget, ExportData } from '../../core';
import { CODE_TARGETS, generateCode } from '../../core';
import { selectConfig } from '../../store';
import { useAppStore } from '../storeContext';
import { useCopy } from '../useCopy';
import { ExportDataChoice } from './ExportDataChoice';
import './codeExport.css';

export const TARGET_TITLES: Readonly<Record<CodeTarget, string>> = {
  keras: 'Keras',
  pytorch: 'PyTorch',
  tfjs: 'TF.js',
};

/**
 * The current configuration as ready-to-run Keras, PyTorch or TF.js code (src/core/codegen), with a
 * copy button, the notes on where the frameworks differ, and where the script's data comes from
 * (the page's data file, offered for download, or the framework's loader).
 */
export function CodeExportPanel() {
  const config = useAppStore(selectConfig);
  const [target, setTarget] = useState<CodeTarget>('keras');
  const [data, setData] = useState<ExportData>('page');
  const [copyState, copy] = useCopy();
  const { code, notes } = useMemo(
    () => generateCode(config, target, { data }),
    [config, target, data],
  );

  return (
    <section
      className="panel code-export"
      aria-labelledby="code-export-heading"
      data-testid="code-export"
    >
      <div className="panel-title">
        <h2 id="code-export-heading">Export code</h2>
        <div role="tablist" aria-label="Framework" className="code-tabs">
          {CODE_TARGETS.map((t) => (
            <button
              key={t}
              type="button"
              role="tab"
              id={`code-tab-${t}`}
              aria-selected={t === target}
              aria-controls="code-export-body"
              onClick={() => setTarget(t)}
            >
              {TARGET_TITLES[t]}
            </button>
          ))}
        </div>
        <button type="button" onClick={() => void copy(code)} data-testid="code-copy">
          {copyState === 'copied'
            ? 'Copied'
            : copyState === 'failed'
              ? 'Copy failed: select the text'
              : 'Copy'}
        </button>
      </div>
      <div id="code-export-body" role="tabpanel" aria-labelledby={`code-tab-${target}`}>
        <ExportDataChoice config={config} target={target} data={data} onData={setData} />
        {notes.length > 0 && (
          <ul className="code-notes" data-testid="code-notes">
            {notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        )}
        <pre className="code-block" tabIndex={0} data-testid="code-block">
          <code>{code}</code>
        </pre>
      </div>
    </section>
  );
}
