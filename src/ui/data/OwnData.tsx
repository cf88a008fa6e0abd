import { useId, useState, type DragEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import {
  BUILTIN_DATASETS,
  BUILTIN_DATASET_IDS,
  DatasetError,
  IDX_HEAD_BYTES,
  checkIdxSize,
  messageOf,
} from '../../core';
import type { DatasetSummary } from '../../worker/client';
import { selectCanChangeData, selectDataActions, selectDataInUse, selectSystem } from '../../store';
import { useAppStore } from '../storeContext';

/**
 * Reads the dropped or chosen files' bytes, for the worker. A file too large for LossLab is
 * refused from its size and header before its body is read (a file over ~2 GB could not even be
 * read into one buffer), and a file the browser cannot read is named in the error.
 */
async function readFiles(files: readonly File[]) {
  const head = async (file: File) =>
    new Uint8Array(await file.slice(0, IDX_HEAD_BYTES).arrayBuffer());
  const read = async (file: File) => {
    try {
      checkIdxSize(file.name, file.size, await head(file));
      return { name: file.name, bytes: await file.arrayBuffer() };
    } catch (error) {
      if (error instanceof DatasetError) throw error;
      throw new Error(
        `${file.name}: the browser could not read this file (${messageOf(error)}). ` +
          'Check that it still exists and is not open elsewhere, then choose it again.',
        { cause: error },
      );
    }
  };
  // One after another: two refused files should not cost two large reads.
  const out: { name: string; bytes: ArrayBuffer }[] = [];
  for (const file of files) out.push(await read(file));
  return out;
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
    await loadOwnData(readFiles(Array.from(files)));
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
