import { useId, useState, type DragEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { BUILTIN_DATASETS, BUILTIN_DATASET_IDS } from '../../core';
import type { DatasetSummary } from '../../worker/client';
import { selectCanChangeData, selectDataActions, selectDataInUse, selectSystem } from '../../store';
import { useAppStore } from '../storeContext';

/** Reads the dropped or chosen files' bytes, for the worker. */
async function readFiles(files: FileList | readonly File[]) {
  return Promise.all(
    Array.from(files, async (file) => ({ name: file.name, bytes: await file.arrayBuffer() })),
  );
}

function OwnFiles({ own }: { own: NonNullable<DatasetSummary['own']> }) {
  return (
    <table className="own-files" data-testid="own-files">
      <caption>
        Told apart by their headers: images or labels, and how many.{' '}
        {own.testCount === null
          ? 'One set: test digits are split off it by the seed, as with the built-in digits.'
          : 'Runs draw training digits from the training files and test digits from the test files.'}{' '}
        Sizes keep LossLab&apos;s limits (at most 9,000 training and 10,000 digits in all).
      </caption>
      <thead>
        <tr>
          <th scope="col">file</th>
          <th scope="col">holds</th>
          <th scope="col">used as</th>
        </tr>
      </thead>
      <tbody>
        {own.files.map((f) => (
          <tr key={`${f.role}-${f.kind}`}>
            <td>{f.name}</td>
            <td>
              {f.count.toLocaleString('en')} {f.kind}
            </td>
            <td>{f.role === 'train' ? 'training' : 'test'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * Own data: drop (or choose) the original MNIST or Fashion-MNIST IDX files, gzipped or not; the
 * worker parses them and says which is which, or what is wrong with them.
 */
export function OwnData() {
  const system = useAppStore(selectSystem);
  const canChange = useAppStore(selectCanChangeData);
  const { loadOwnData, backToBuiltIn } = useAppStore(useShallow(selectDataActions));
  const { dataset, summary } = useAppStore(useShallow(selectDataInUse));
  const [over, setOver] = useState(false);
  const inputId = useId();
  const hintId = useId();
  const own = summary?.own;
  const load = async (files: FileList | readonly File[]) => {
    if (files.length === 0 || !canChange) return;
    await loadOwnData(await readFiles(files));
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    void load(event.dataTransfer.files);
  };
  return (
    <div className="own-data">
      <div
        className={`drop-zone${over ? ' over' : ''}`}
        data-testid="drop-zone"
        onDragOver={(event) => {
          event.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        <p id={hintId} className="small">
          Own data: drop the original MNIST or Fashion-MNIST IDX files here (gzipped or not): 2
          files (images and labels) or 4 (training and test).
        </p>
        <input
          id={inputId}
          className="sr-only"
          type="file"
          multiple
          aria-describedby={hintId}
          disabled={!canChange}
          onChange={(event) => {
            const input = event.currentTarget;
            void load(Array.from(input.files ?? [])).finally(() => (input.value = ''));
          }}
        />
        <label htmlFor={inputId} className="file-button">
          Choose IDX files…
        </label>
      </div>
      {system.data.status === 'loading' && (
        <p role="status" className="small">
          Reading the files in the worker…
        </p>
      )}
      {system.data.error && (
        <p role="alert" className="error" data-testid="own-data-error">
          {system.data.error}
        </p>
      )}
      {system.data.notice && (
        <p role="status" className="small" data-testid="own-data-notice">
          {system.data.notice}
        </p>
      )}
      {own && <OwnFiles own={own} />}
      {BUILTIN_DATASET_IDS.filter((id) => id !== dataset.id).map((id) => (
        <button
          key={id}
          type="button"
          disabled={!canChange}
          onClick={() => void backToBuiltIn(id)}
          data-testid="back-to-builtin"
        >
          {dataset.id === 'own' ? 'Back to' : 'Use'} built-in {BUILTIN_DATASETS[id].name}
        </button>
      ))}
    </div>
  );
}
