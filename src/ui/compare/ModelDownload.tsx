import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { messageOf, type RunConfig } from '../../core';
import { selectHistoryActions } from '../../store';
import { downloadFile } from '../download';
import { useAppStore } from '../storeContext';

/**
 * Downloads the trained model as TF.js files (`model.json` + weights), when the worker still
 * holds it: models are not stored, only the runs trained since the page was opened have one.
 */
export function ModelDownload({ config }: { config: RunConfig }) {
  const { exportModel } = useAppStore(useShallow(selectHistoryActions));
  const [message, setMessage] = useState<string | null>(null);
  const download = async () => {
    setMessage(null);
    try {
      const files = await exportModel(config);
      if (!files) {
        setMessage(
          'This model is no longer in memory (models are kept for runs trained since the page opened). Re-run it to download it.',
        );
        return;
      }
      downloadFile(`${files.name}.json`, files.modelJson, 'application/json');
      downloadFile(`${files.name}.weights.bin`, files.weights, 'application/octet-stream');
      setMessage(
        `Downloaded ${files.name}.json and ${files.name}.weights.bin: load them with tf.loadLayersModel.`,
      );
    } catch (error) {
      setMessage(messageOf(error));
    }
  };
  return (
    <p className="model-download">
      <button type="button" onClick={() => void download()} data-testid="download-model">
        Download model (TF.js)
      </button>{' '}
      {message && (
        <span role="status" className="muted small">
          {message}
        </span>
      )}
    </p>
  );
}
