import { useState, type MouseEvent } from 'react';
import type { CodeTarget, ExportData, RunConfig } from '../../core';
import { builtinOf } from '../../core';
import { servedFile } from '../../worker/builtInData';
import { dataDownload } from './dataDownload';

const FRAMEWORK_LOADERS: Record<Exclude<CodeTarget, 'tfjs'>, string> = {
  keras: 'keras.datasets',
  pytorch: 'torchvision',
};

/** Saves a blob under a name, as a link with `download` would. */
function save(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  // The click has handed the blob to the download; the URL is no longer needed after this task.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/**
 * Where the exported script takes its images from, named by purpose: reproduce this page's
 * numbers (the page's own data file: same split, initial weights and batch order) or paste into
 * Colab (the framework's MNIST loader, 70,000 digits, nothing to upload); and the data file's
 * download next to the script, saved with the bytes its name says (see dataDownload.ts).
 */
export function ExportDataChoice({
  config,
  target,
  data,
  onData,
}: {
  config: RunConfig;
  target: CodeTarget;
  data: ExportData;
  onData: (data: ExportData) => void;
}) {
  const [download, setDownload] = useState<{ busy: boolean; problem: string | null }>({
    busy: false,
    problem: null,
  });
  const builtin = builtinOf(config.dataset);
  if (!builtin) return null;
  const file = servedFile(builtin.id as Parameters<typeof servedFile>[0]);
  const python = target !== 'tfjs';
  const choosable = python && config.task !== 'multilabel';
  const needsFile = !python || (choosable && data === 'page');

  const onDownload = (event: MouseEvent<HTMLAnchorElement>) => {
    event.preventDefault();
    if (download.busy) return;
    setDownload({ busy: true, problem: null });
    void (async () => {
      try {
        if (!file) throw new Error('this build of LossLab has no copy of it');
        const response = await fetch(file.url);
        if (!response.ok) throw new Error(`the server answered ${response.status}`);
        const bytes = new Uint8Array(await response.arrayBuffer());
        const { name, blob } = await dataDownload(builtin.file, bytes);
        save(blob, name);
        setDownload({ busy: false, problem: null });
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        setDownload({
          busy: false,
          problem: `Could not download ${builtin.file}: ${reason}. Try again, or reload the page.`,
        });
      }
    })();
  };

  return (
    <div className="code-data" data-testid="code-data">
      {choosable && (
        <fieldset>
          <legend>Script for</legend>
          <label>
            <input
              type="radio"
              name="code-data"
              checked={data === 'page'}
              onChange={() => onData('page')}
            />
            Reproduce this page&apos;s numbers (needs the data file)
          </label>
          <label>
            <input
              type="radio"
              name="code-data"
              checked={data === 'framework'}
              onChange={() => onData('framework')}
            />
            Paste into Colab (loads {builtin.name} with {FRAMEWORK_LOADERS[target]})
          </label>
        </fieldset>
      )}
      {needsFile && !file && (
        <p className="notice small" role="alert" data-testid="code-data-problem">
          This build of LossLab has no {builtin.file}
          {builtin.setup ? ` (${builtin.setup}, then run npm run data and build again)` : ''}: the
          script needs that file to reproduce the page.
        </p>
      )}
      {needsFile && file && (
        <p className="small">
          <a
            href={file.url}
            download={builtin.file}
            onClick={onDownload}
            aria-busy={download.busy || undefined}
            data-testid="code-data-download"
          >
            Download {builtin.file}
          </a>{' '}
          {python ? 'and keep it next to the script.' : 'and serve it where DATA_URL points.'}
        </p>
      )}
      {needsFile && download.problem && (
        <p className="notice small" role="alert" data-testid="code-data-problem">
          {download.problem}
        </p>
      )}
    </div>
  );
}
