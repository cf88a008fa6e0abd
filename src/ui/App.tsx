import { selectHidden, selectSystem, selectUi, selectView } from '../store';
import { CodeExportPanel } from './codeExport/CodeExportPanel';
import { ConfigPanel } from './ConfigPanel';
import { Curves } from './Curves';
import { DigitGrid } from './DigitGrid';
import { GridView } from './grid/GridView';
import { useExperiments } from './grid/useExperiments';
import { HistoryView } from './history/HistoryView';
import { LinkNotices } from './LinkNotices';
import { useAutorun, useDocumentAppearance, useWorkerStart } from './pageHooks';
import { PresetsPanel } from './PresetsPanel';
import { Results } from './Results';
import { useAppStore } from './storeContext';
import { Toolbar } from './Toolbar';
import { TrainingLog } from './TrainingLog';
import { TrainingPanel } from './TrainingPanel';
import { VerdictPanel } from './VerdictPanel';
import { ViewTabs } from './ViewTabs';

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
      {system.warnings.map((warning) => (
        <p key={warning} className="warning-text small">
          The worker reported an error it recovered from: {warning}
        </p>
      ))}
      {system.samples && <DigitGrid samples={system.samples} />}
    </section>
  );
}

export function App() {
  const ui = useAppStore(selectUi);
  const hidden = useAppStore(selectHidden);
  const view = useAppStore(selectView);
  useWorkerStart();
  useExperiments();
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
      <ViewTabs />
      {view === 'trainer' && (
        <>
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
        </>
      )}
      {view === 'grid' && (
        <main>
          <GridView />
        </main>
      )}
      {view === 'history' && (
        <main>
          <HistoryView />
        </main>
      )}
    </div>
  );
}
