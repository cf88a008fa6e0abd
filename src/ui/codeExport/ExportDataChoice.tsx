import type { CodeTarget, ExportData, RunConfig } from '../../core';
import { builtinOf } from '../../core';
import { builtInFile } from '../../worker/builtInData';

const FRAMEWORK_LOADERS: Record<Exclude<CodeTarget, 'tfjs'>, string> = {
  keras: 'keras.datasets',
  pytorch: 'torchvision',
};

/**
 * Where the exported script takes its images from: the page's own data file (the Python scripts
 * then reproduce this run: same split, initial weights and batch order) or the framework's MNIST
 * loader (70,000 digits), and the data file's download next to the script.
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
  const builtin = builtinOf(config.dataset);
  if (!builtin) return null;
  const file = builtInFile(builtin.id as Parameters<typeof builtInFile>[0]);
  const python = target !== 'tfjs';
  const choosable = python && config.task !== 'multilabel';
  const needsFile = !python || (choosable && data === 'page');
  return (
    <div className="code-data" data-testid="code-data">
      {choosable && (
        <fieldset>
          <legend>Data</legend>
          <label>
            <input
              type="radio"
              name="code-data"
              checked={data === 'page'}
              onChange={() => onData('page')}
            />
            The page&apos;s {builtin.name} file: reproduces this run
          </label>
          <label>
            <input
              type="radio"
              name="code-data"
              checked={data === 'framework'}
              onChange={() => onData('framework')}
            />
            {builtin.name} from {FRAMEWORK_LOADERS[target]} (the full dataset)
          </label>
        </fieldset>
      )}
      {needsFile && (
        <p className="small">
          <a href={file.url} download={builtin.file} data-testid="code-data-download">
            Download {builtin.file}
          </a>{' '}
          {python ? 'and keep it next to the script.' : 'and serve it where DATA_URL points.'}
        </p>
      )}
    </div>
  );
}
