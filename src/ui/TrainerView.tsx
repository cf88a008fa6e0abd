import { useState } from 'react';
import { selectHasRun, selectHidden, selectResult, selectUi, selectWorkerSettled } from '../store';
import { ConfigPanel } from './ConfigPanel';
import { DataPanel } from './data/DataPanel';
import { Deferred, Loading } from './lazy';
import { LinkNotices } from './LinkNotices';
import { codeExportPart, curvesPart, frameworksPart, gradientPart, resultsPart } from './parts';
import { PresetsPanel } from './PresetsPanel';
import { useAppStore } from './storeContext';
import { TrainingLog } from './TrainingLog';
import { TrainingPanel } from './TrainingPanel';
import { UnsavedRuns } from './UnsavedRuns';
import { VerdictPanel } from './VerdictPanel';

const Curves = curvesPart.Component;
const Results = resultsPart.Component;
const GradientPanel = gradientPart.Component;
const CodeExportPanel = codeExportPart.Component;
const TrainerFrameworks = frameworksPart.Component;

/**
 * The curves panel's place while its charts load: the same panel and chart grid, with two empty
 * plots of the charts' size (styles.css' `.chart-plot`), so nothing below moves when the charts
 * arrive (they load once the worker has started, after the first screen).
 */
function CurvesLoading() {
  return (
    <section className="panel curves" aria-labelledby="curves-heading">
      {/* Shown, where the charts' legends will be: the loaded panel's heading is for screen
          readers only, so the two lines take the same room. */}
      <h2 id="curves-heading">Curves</h2>
      <div className="chart-grid" aria-hidden="true">
        {['Loss', 'Metric'].map((title) => (
          <figure className="chart" key={title}>
            <figcaption className="chart-title">{title}</figcaption>
            <div className="chart-body">
              <span className="chart-y-title" />
              <div className="chart-plot" />
              <span className="chart-x-title">epoch</span>
            </div>
          </figure>
        ))}
      </div>
      <div className="run-details">
        <Loading label="charts" />
      </div>
    </section>
  );
}

/**
 * The trainer, laid out for where it is used (styles.css, "Trainer layout"):
 * - laptop: presets and configuration in a sticky column on the left; the action bar, verdict
 *   and curves together on the first screen, the log and results below;
 * - presentation mode: the action bar, verdict and curves fill the first screen; presets and
 *   configuration fold into a column that "Presets & configuration" opens;
 * - phone: one column (verdict, curves, presets, configuration, log, results) with the action bar
 *   fixed at the bottom, so Train and the verdict of the control just changed stay in view; once a
 *   run has started the curves come before the verdict (the bar keeps its level in view).
 * The DOM order is the keyboard order: the action bar (Train among the first tab stops), presets
 * and configuration, then the verdict and curves; CSS grid areas place them.
 */
export function TrainerView() {
  const hidden = useAppStore(selectHidden);
  const { presentation } = useAppStore(selectUi);
  const hasResult = useAppStore(selectResult) !== null;
  // A boolean, not the training state: this view holds the whole trainer, and a run's progress
  // (several updates a second) must re-render only the parts that show it.
  const ran = useAppStore(selectHasRun);
  // The parts below wait until the worker has started: on a first visit the page's thread then
  // draws "Ready to train." first, and the charts follow (their place is kept meanwhile).
  const settled = useAppStore(selectWorkerSettled);
  // The code export renders when its disclosure is first opened: its code generators are not
  // needed for a closed panel.
  const [codeOpened, setCodeOpened] = useState(false);
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
      <div className="stage" data-ran={ran ? '' : undefined}>
        <UnsavedRuns />
        <LinkNotices />
        <VerdictPanel />
        <Deferred label="charts" fallback={<CurvesLoading />} afterFirstPaint until={settled}>
          <Curves />
        </Deferred>
      </div>
      <div className="after-run">
        <Deferred label="gradient chart" afterFirstPaint until={settled}>
          <GradientPanel />
        </Deferred>
        <TrainingLog />
        {hasResult && (
          <Deferred label="results" afterFirstPaint until={settled}>
            <Results />
          </Deferred>
        )}
        <details
          className="panel disclosure code-disclosure"
          data-testid="code-disclosure"
          onToggle={(event) => {
            if (event.currentTarget.open) setCodeOpened(true);
          }}
        >
          <summary>
            <span className="disclosure-title">Export code</span>{' '}
            <span className="muted small">
              this configuration as a Keras, PyTorch or TF.js script
            </span>
          </summary>
          {codeOpened && (
            <Deferred label="code export">
              <CodeExportPanel />
            </Deferred>
          )}
        </details>
        <Deferred label="framework equivalents" afterFirstPaint until={settled}>
          <TrainerFrameworks />
        </Deferred>
        <DataPanel />
      </div>
    </main>
  );
}
