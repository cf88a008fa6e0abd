import { useEffect } from 'react';
import { BACKENDS, DEFAULT_CONFIG, type BackendChoice } from '../core';
import { selectStartWorker, selectSystem } from '../store';
import { BackendStatus } from './BackendStatus';
import { DigitGrid } from './DigitGrid';
import { useAppStore } from './storeContext';

const SAMPLE_COUNT = 24;

/** `?backend=webgpu` picks a backend; anything else means the default. */
function backendFromUrl(): BackendChoice {
  const value = new URLSearchParams(window.location.search).get('backend');
  return BACKENDS.find((name) => name === value) ?? DEFAULT_CONFIG.backend;
}

export function App() {
  const system = useAppStore(selectSystem);
  const startWorker = useAppStore(selectStartWorker);

  useEffect(() => {
    void startWorker({
      backend: backendFromUrl(),
      sampleCount: SAMPLE_COUNT,
      seed: DEFAULT_CONFIG.seed,
    });
  }, [startWorker]);

  return (
    <main className="app">
      <header className="app-header">
        <h1>LossLab</h1>
        <p className="muted">
          Which output activation, loss, label encoding and accuracy metric belong together? Train a
          real classifier on real MNIST digits and see.
        </p>
      </header>
      <section aria-labelledby="system-heading" className="panel">
        <h2 id="system-heading">Engine</h2>
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
        {system.ready && <BackendStatus report={system.ready.backend} />}
      </section>
      {system.samples && (
        <section aria-labelledby="samples-heading" className="panel">
          <h2 id="samples-heading">Sample digits</h2>
          <DigitGrid samples={system.samples} />
        </section>
      )}
    </main>
  );
}
