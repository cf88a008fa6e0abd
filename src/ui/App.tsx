import { useEffect, useRef } from 'react';
import { selectLessonsHide, selectUi, selectView } from '../store';
import { useExperiments } from './grid/useExperiments';
import { Deferred, preloadWhenIdle } from './lazy';
import { OfflineStatus } from './OfflineStatus';
import { useAutorun, useDocumentAppearance, useHeightVariable, useWorkerStart } from './pageHooks';
import { ClassBar } from './class/ClassBar';
import { classPart, gridPart, historyPart, lessonsPart, TRAINER_PARTS } from './parts';
import { SkipLink } from './SkipLink';
import { useAppStore } from './storeContext';
import { Toolbar } from './Toolbar';
import { TrainerView } from './TrainerView';
import { ViewTabs } from './ViewTabs';

const GridView = gridPart.Component;
const HistoryView = historyPart.Component;
const LessonsView = lessonsPart.Component;
const ClassView = classPart.Component;

export function App() {
  const ui = useAppStore(selectUi);
  const view = useAppStore(selectView);
  const lessonsHide = useAppStore(selectLessonsHide);
  const header = useRef<HTMLElement>(null);
  useWorkerStart();
  useExperiments();
  useAutorun();
  useDocumentAppearance();
  // Presentation mode sizes the first screen from what is left under the header.
  useHeightVariable(header, '--header-h');
  // The trainer's charts, results and code export follow the first screen in idle time.
  useEffect(() => preloadWhenIdle(TRAINER_PARTS), []);

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
        {/* A lesson link may hide the tabs (`hide=views`), keeping a class on the lesson. */}
        {!(view === 'lessons' && lessonsHide.includes('views')) && <ViewTabs />}
        <Toolbar />
        {/* In the header, so that presentation mode's first screen counts its line. */}
        <OfflineStatus />
        <ClassBar />
      </header>
      {view === 'trainer' && <TrainerView />}
      {view === 'grid' && (
        <main id="main-content" tabIndex={-1} className="view-main">
          <Deferred label="grid">
            <GridView />
          </Deferred>
        </main>
      )}
      {view === 'lessons' && (
        <main id="main-content" tabIndex={-1} className="view-main">
          <Deferred label="lessons">
            <LessonsView />
          </Deferred>
        </main>
      )}
      {view === 'class' && (
        <main id="main-content" tabIndex={-1} className="view-main">
          <Deferred label="class">
            <ClassView />
          </Deferred>
        </main>
      )}
      {view === 'history' && (
        <main id="main-content" tabIndex={-1} className="view-main">
          <Deferred label="history">
            <HistoryView />
          </Deferred>
        </main>
      )}
    </div>
  );
}
