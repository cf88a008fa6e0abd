import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import {
  selectCanTrain,
  selectConfig,
  selectHidden,
  selectStartWorker,
  selectSystem,
  selectTrainingActions,
  selectUi,
  selectUiActions,
} from '../store';
import { CodeExportPanel } from './codeExport/CodeExportPanel';
import { ConfigPanel } from './ConfigPanel';
import { Curves } from './Curves';
import { DigitGrid } from './DigitGrid';
import { LinkNotices } from './LinkNotices';
import { PresetsPanel } from './PresetsPanel';
import { Results } from './Results';
import { useAppStore } from './storeContext';
import { Toolbar } from './Toolbar';
import { TrainingLog } from './TrainingLog';
import { TrainingPanel } from './TrainingPanel';
import { VerdictPanel } from './VerdictPanel';

const SAMPLE_COUNT = 24;

/** Starts the worker once, with the backend and seed the link chose. */
function useWorkerStart() {
  const startWorker = useAppStore(selectStartWorker);
  const { backend, seed } = useAppStore(selectConfig);
  useEffect(() => {
    void startWorker({ backend, sampleCount: SAMPLE_COUNT, seed });
    // Only at start: later backend or seed changes apply to the next run, which picks its own.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [startWorker]);
}

/** `autorun=1`: train once the worker is ready (an instructor's link that runs). */
function useAutorun() {
  const { status } = useAppStore(selectSystem);
  const canTrain = useAppStore(selectCanTrain);
  const { takeAutorun, addNotice } = useAppStore(useShallow(selectUiActions));
  const { train } = useAppStore(useShallow(selectTrainingActions));
  useEffect(() => {
    if (status !== 'ready' || !takeAutorun()) return;
    if (canTrain) void train();
    else {
      addNotice({
        key: 'autorun',
        value: '1',
        reason: 'training not started: Keras would raise an error for this configuration',
      });
    }
  }, [status, canTrain, takeAutorun, addNotice, train]);
}

/**
 * The chosen theme on <html>, where `system` leaves prefers-color-scheme in charge; presentation
 * mode scales the root font so every rem-sized thing grows with it.
 */
function useDocumentAppearance() {
  const { theme, presentation } = useAppStore(selectUi);
  useEffect(() => {
    const root = document.documentElement;
    if (theme === 'system') delete root.dataset.theme;
    else root.dataset.theme = theme;
  }, [theme]);
  useEffect(() => {
    document.documentElement.classList.toggle('presenting', presentation);
  }, [presentation]);
}

function EnginePanel() {
  const system = useAppStore(selectSystem);
  return (
    <section aria-labelledby="system-heading" className="panel engine-panel">
      <h2 id="system-heading">Data</h2>
      <p role="status" data-testid="worker-status">
        {system.status === 'starting' && 'Starting the training worker and loading MNIST…'}
        {system.status === 'ready' &&
          system.ready &&
          `Ready: ${system.ready.dataset.count.toLocaleString('en')} digits loaded from ${system.ready.dataset.file}.`}
        {system.status === 'error' && 'The training worker is not available.'}
      </p>
      {system.error && (
        <p role="alert" className="error">
          {system.error}
        </p>
      )}
      {system.samples && <DigitGrid samples={system.samples} />}
    </section>
  );
}

export function App() {
  const ui = useAppStore(selectUi);
  const hidden = useAppStore(selectHidden);
  useWorkerStart();
  useAutorun();
  useDocumentAppearance();

  return (
    <div
      className={`app${ui.presentation ? ' presentation' : ''}`}
      data-presentation={ui.presentation}
    >
      <header className="app-header">
        <div>
          <h1>LossLab</h1>
          <p className="muted tagline">
            Which output activation, loss, label encoding and accuracy metric belong together? Train
            a real classifier on real MNIST digits and see.
          </p>
        </div>
        <Toolbar />
      </header>
      <LinkNotices />
      <main className="layout">
        <div className="side">
          {!hidden.includes('presets') && <PresetsPanel />}
          <ConfigPanel />
        </div>
        <div className="main-column">
          <VerdictPanel />
          <TrainingPanel />
          <Curves />
          <TrainingLog />
          <Results />
          <CodeExportPanel />
          <EnginePanel />
        </div>
      </main>
    </div>
  );
}
