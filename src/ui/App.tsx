import { selectHidden, selectUi, selectView } from '../store';
import { CodeExportPanel } from './codeExport/CodeExportPanel';
import { ConfigPanel } from './ConfigPanel';
import { Curves } from './Curves';
import { DataPanel } from './data/DataPanel';
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
              <DataPanel />
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
