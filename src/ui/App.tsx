import { useEffect, useRef } from 'react';
import { VIEW_REGISTRY } from '../core';
import {
  selectClassBarShown,
  selectSliceProblem,
  selectUi,
  selectView,
  selectViewHidden,
  selectWorkerSettled,
  VIEW_SLICES,
} from '../store';
import { useExperiments } from './grid/useExperiments';
import { Deferred, lazyPart, preloadWhenIdle } from './lazy';
import { OfflineStatus } from './OfflineStatus';
import { useAutorun, useDocumentAppearance, useHeightVariable } from './pageHooks';
import { TRAINER_PARTS } from './parts';
import { SkipLink } from './SkipLink';
import { SliceCode } from './SliceCode';
import { useAppStore } from './storeContext';
import { Toolbar } from './Toolbar';
import { VIEW_PARTS } from './viewParts';
import { ViewTabs } from './ViewTabs';

/** The class line: its code loads when a class link, a class or a problem gives it something to show. */
const classBarPart = lazyPart(
  () => import('./class/ClassBar'),
  (m) => m.ClassBar,
);

export function App() {
  const ui = useAppStore(selectUi);
  const view = useAppStore(selectView);
  const viewHidden = useAppStore(selectViewHidden);
  const { Component, preload } = VIEW_PARTS[view];
  const areas = VIEW_SLICES[view];
  const classBarShown = useAppStore(selectClassBarShown);
  const sliceProblem = useAppStore(selectSliceProblem);
  const header = useRef<HTMLElement>(null);
  useExperiments();
  useAutorun();
  useDocumentAppearance();
  // Presentation mode sizes the first screen from what is left under the header.
  useHeightVariable(header, '--header-h');
  // The trainer's charts, results and code export follow "Ready to train." in idle time.
  const settled = useAppStore(selectWorkerSettled);
  useEffect(() => (settled ? preloadWhenIdle(TRAINER_PARTS) : undefined), [settled]);

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
        {!viewHidden.includes('views') && <ViewTabs />}
        <Toolbar />
        {/* In the header, so that presentation mode's first screen counts its line. */}
        <OfflineStatus />
        {classBarShown && (
          <Deferred label="class line" fallback={null}>
            <classBarPart.Component />
          </Deferred>
        )}
        {/* A view whose code failed says so in its place; any other (the class's) says it here. */}
        {sliceProblem && !areas?.includes(sliceProblem.area) && (
          <p role="alert" className="error" data-testid="slice-problem">
            {sliceProblem.message}
          </p>
        )}
      </header>
      {preload ? (
        // Keyed by view, so that a part that failed to load does not stay on the next view.
        <main key={view} id="main-content" tabIndex={-1} className="view-main">
          <Deferred label={VIEW_REGISTRY[view].noun}>
            {areas ? (
              <SliceCode areas={areas} alongside={preload}>
                <Component />
              </SliceCode>
            ) : (
              <Component />
            )}
          </Deferred>
        </main>
      ) : (
        // A view on the first screen (the trainer) lays out its own <main>.
        <Component />
      )}
    </div>
  );
}
