import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createAppStore, createUrlSync } from './store';
import { readPage, VIEW_REGISTRY, viewEntry, type ViewId } from './core';
import { App } from './ui/App';
import { Deferred } from './ui/lazy';
import { registerServiceWorkerWhenIdle } from './ui/offline';
import { PREVIEW_DIGIT_COUNT } from './ui/pageHooks';
import { VIEW_PARTS } from './ui/viewParts';
import { StoreContext, UrlSyncContext } from './ui/storeContext';
import { takeEarlyWorker } from './worker/client';
import './ui/styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html lacks #root');

// A view that is a page of its own (`?view=lab&…`, the loss lab) opens alone: its keys are not
// the trainer's, so the trainer's store, link codec and URL sync stay out of it.
const page = readPage(window.location.search);
if (viewEntry(page).alone) {
  // index.html's first script started a training worker before this page was known to need none.
  takeEarlyWorker()?.worker.terminate();
  renderAlone(root, page);
} else renderTrainer(root);

function renderAlone(root: HTMLElement, page: ViewId) {
  const { Component } = VIEW_PARTS[page];
  createRoot(root).render(
    <StrictMode>
      <main className="lab-page">
        <header className="lab-header">
          <h1>LossLab</h1>
          <nav aria-label="LossLab">
            <a href={window.location.pathname}>← LossLab trainer</a>
          </nav>
        </header>
        <Deferred label={VIEW_REGISTRY[page].noun}>
          <Component />
        </Deferred>
      </main>
    </StrictMode>,
  );
}

function renderTrainer(root: HTMLElement) {
  const store = createAppStore();
  // `?class=CODE` joins a class; it is taken out of the address before the link is read, so
  // the trainer's codec does not list it as ignored.
  const params = new URLSearchParams(window.location.search);
  const classCode = params.get('class');
  if (classCode !== null) {
    params.delete('class');
    const rest = params.toString();
    window.history.replaceState(null, '', `${window.location.pathname}${rest ? `?${rest}` : ''}`);
    void store.getState().openClassLink(classCode);
  } else void store.getState().resumeClass();
  // The link is read once, before the first render, so the page opens with its configuration.
  const urlSync = createUrlSync(store, window);
  // The worker starts before React's first render: its start (TensorFlow.js, the digits, the
  // WASM binary) is the longest part of a first visit, so it overlaps with drawing the page.
  const { backend, seed } = store.getState().config;
  void store.getState().startWorker({ backend, sampleCount: PREVIEW_DIGIT_COUNT, seed });

  createRoot(root).render(
    <StrictMode>
      <StoreContext.Provider value={store}>
        <UrlSyncContext.Provider value={urlSync}>
          <App />
        </UrlSyncContext.Provider>
      </StoreContext.Provider>
    </StrictMode>,
  );
}

// After the first screen, in idle time: the app, WASM files and digits, cached for offline use.
registerServiceWorkerWhenIdle();
