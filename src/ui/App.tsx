import { useEffect } from 'react';
import { selectHidden, selectResult, selectUi, selectView } from '../store';
import { ConfigPanel } from './ConfigPanel';
import { DataPanel } from './data/DataPanel';
import { useExperiments } from './grid/useExperiments';
import { Deferred, Loading, preloadWhenIdle } from './lazy';
import { LinkNotices } from './LinkNotices';
import { OfflineStatus } from './OfflineStatus';
import { useAutorun, useDocumentAppearance, useWorkerStart } from './pageHooks';
import {
  codeExportPart,
  curvesPart,
  gridPart,
  historyPart,
  resultsPart,
  TRAINER_PARTS,
} from './parts';
import { PresetsPanel } from './PresetsPanel';
import { useAppStore } from './storeContext';
import { Toolbar } from './Toolbar';
import { TrainingLog } from './TrainingLog';
import { TrainingPanel } from './TrainingPanel';
import { VerdictPanel } from './VerdictPanel';
import { ViewTabs } from './ViewTabs';

/** The curves panel's place while its charts load: same heading, so nothing jumps. */
function CurvesLoading() {
  return (
    <section className="panel curves" aria-labelledby="curves-heading">
      <h2 id="curves-heading">Curves</h2>
      <Loading label="charts" />
    </section>
  );
}

const Curves = curvesPart.Component;
const Results = resultsPart.Component;
const CodeExportPanel = codeExportPart.Component;
const GridView = gridPart.Component;
const HistoryView = historyPart.Component;

export function App() {
  const ui = useAppStore(selectUi);
  const hidden = useAppStore(selectHidden);
  const view = useAppStore(selectView);
  const hasResult = useAppStore(selectResult) !== null;
  useWorkerStart();
  useExperiments();
  useAutorun();
  useDocumentAppearance();
  // The trainer's charts, results and code export follow the first screen in idle time.
  useEffect(() => preloadWhenIdle(TRAINER_PARTS), []);

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
      <OfflineStatus />
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
              <Deferred label="charts" fallback={<CurvesLoading />} afterFirstPaint>
                <Curves />
              </Deferred>
              <TrainingLog />
              {hasResult && (
                <Deferred label="results" afterFirstPaint>
                  <Results />
                </Deferred>
              )}
              <Deferred label="code export" afterFirstPaint>
                <CodeExportPanel />
              </Deferred>
              <DataPanel />
            </div>
          </main>
        </>
      )}
      {view === 'grid' && (
        <main>
          <Deferred label="grid">
            <GridView />
          </Deferred>
        </main>
      )}
      {view === 'history' && (
        <main>
          <Deferred label="history">
            <HistoryView />
          </Deferred>
        </main>
      )}
    </div>
  );
}
