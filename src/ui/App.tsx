import { useRef } from 'react';
import { selectUi, selectView } from '../store';
import { GridView } from './grid/GridView';
import { useExperiments } from './grid/useExperiments';
import { HistoryView } from './history/HistoryView';
import { useAutorun, useDocumentAppearance, useHeightVariable, useWorkerStart } from './pageHooks';
import { SkipLink } from './SkipLink';
import { useAppStore } from './storeContext';
import { Toolbar } from './Toolbar';
import { TrainerView } from './TrainerView';
import { ViewTabs } from './ViewTabs';

export function App() {
  const ui = useAppStore(selectUi);
  const view = useAppStore(selectView);
  const header = useRef<HTMLElement>(null);
  useWorkerStart();
  useExperiments();
  useAutorun();
  useDocumentAppearance();
  // Presentation mode sizes the first screen from what is left under the header.
  useHeightVariable(header, '--header-h');

  return (
    <div
      className={`app${ui.presentation ? ' presentation' : ''}`}
      data-presentation={ui.presentation}
    >
      <SkipLink view={view} />
      <header className="topbar" ref={header}>
        <div className="brand">
          <h1>LossLab</h1>
          <p className="tagline">
            Which output activation, loss, labels and metric belong together? Train real MNIST
            classifiers and see.
          </p>
        </div>
        <ViewTabs />
        <Toolbar />
      </header>
      {view === 'trainer' && <TrainerView />}
      {view === 'grid' && (
        <main id="main-content" tabIndex={-1} className="view-main">
          <GridView />
        </main>
      )}
      {view === 'history' && (
        <main id="main-content" tabIndex={-1} className="view-main">
          <HistoryView />
        </main>
      )}
    </div>
  );
}
