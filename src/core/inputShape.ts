/**
 * The one answer to "what does the model see": the image size of a configuration's inputs. The
 * engine builds its model from it, the model export rebuilds the same model from it, and the code
 * export writes it into the scripts, so the three cannot disagree (a 56×56 multi-label run once
 * came back as a 28×28 model that could not take its own weights).
 */
import type { RunConfig } from './config';
import { imageSizeOf } from './datasetCatalog';
import { MULTILABEL_GRID } from './multilabel/compose';

/** The model input of a configuration: `rows` × `cols` grey pixels, flattened to `pixels`. */
export interface InputShape {
  rows: number;
  cols: number;
  /** rows × cols: the length of one flattened input row (the MLP's input units). */
  pixels: number;
}

/**
 * The input shape for a configuration: the dataset's image size (28×28 for MNIST and own IDX
 * files), or the multi-label canvas (a 2×2 grid of images, 56×56) for `task: 'multilabel'`.
 */
export function inputShapeOf(config: Pick<RunConfig, 'task' | 'dataset'>): InputShape {
  const image = imageSizeOf(config.dataset);
  const scale = config.task === 'multilabel' ? MULTILABEL_GRID : 1;
  const rows = image.rows * scale;
  const cols = image.cols * scale;
  return { rows, cols, pixels: rows * cols };
}
