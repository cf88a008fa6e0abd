import { useState } from 'react';
import { selectHidden, selectUi } from '../store';
import { CodeExportPanel } from './codeExport/CodeExportPanel';
import { ConfigPanel } from './ConfigPanel';
import { Curves } from './Curves';
import { DataPanel } from './data/DataPanel';
import { LinkNotices } from './LinkNotices';
import { PresetsPanel } from './PresetsPanel';
import { Results } from './Results';
import { useAppStore } from './storeContext';
import { TrainingLog } from './TrainingLog';
import { TrainingPanel } from './TrainingPanel';
import { VerdictPanel } from './VerdictPanel';

/**
 * The trainer, laid out for where it is used (styles.css, "Trainer layout"):
 * - laptop: presets and configuration in a sticky column on the left; the action bar, verdict
 *   and curves together on the first screen, the log and results below;
 * - presentation mode: the action bar, verdict and curves fill the first screen; presets and
 *   configuration fold into a column that "Presets & configuration" opens;
 * - phone: one column (verdict, curves, presets, configuration, log, results) with the action bar
 *   fixed at the bottom, so Train and the verdict of the control just changed stay in view.
 * The DOM order is the keyboard order: the action bar (Train among the first tab stops), presets
 * and configuration, then the verdict and curves; CSS grid areas place them.
 */
export function TrainerView() {
  const hidden = useAppStore(selectHidden);
  const { presentation } = useAppStore(selectUi);
  const [setupOpen, setSetupOpen] = useState(false);
  const setupShown = !presentation || setupOpen;
  const setupToggle = presentation ? (
    <button
      type="button"
      className="setup-toggle"
      aria-expanded={setupOpen}
      aria-controls="setup"
      data-testid="setup-toggle"
      onClick={() => {
        setSetupOpen(!setupOpen);
        // Folding the setup away returns to the first screen: bar, verdict and curves.
        if (setupOpen) window.scrollTo({ top: 0 });
      }}
    >
      {setupOpen ? 'Hide presets & configuration' : 'Presets & configuration'}
    </button>
  ) : undefined;

  return (
    <main
      id="main-content"
      tabIndex={-1}
      className={`trainer${setupShown ? ' with-setup' : ''}`}
      data-testid="trainer"
    >
      <TrainingPanel setupToggle={setupToggle} />
      <aside
        id="setup"
        className="setup"
        aria-label="Presets and configuration"
        hidden={!setupShown}
        data-testid="setup"
      >
        {!hidden.includes('presets') && <PresetsPanel />}
        <ConfigPanel />
      </aside>
      <div className="stage">
        <LinkNotices />
        <VerdictPanel />
        <Curves />
      </div>
      <div className="after-run">
        <TrainingLog />
        <Results />
        <details className="panel disclosure code-disclosure" data-testid="code-disclosure">
          <summary>
            <span className="disclosure-title">Export code</span>{' '}
            <span className="muted small">
              this configuration as a Keras, PyTorch or TF.js script
            </span>
          </summary>
          <CodeExportPanel />
        </details>
        <DataPanel />
      </div>
    </main>
  );
}
