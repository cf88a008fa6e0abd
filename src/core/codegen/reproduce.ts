/**
 * The page's run, reproduced by the exported Python scripts (issue 14): the same digits (LossLab's
 * data file read with numpy), the same train/test split and per-epoch batch order (LossLab's
 * generator, src/core/random.ts, ported to Python with 32-bit masks), and the same initial weights
 * (tfjs' seeded Glorot initialiser, which draws from seedrandom's Alea, ported to Python: both
 * generators are exact in integer and float64 arithmetic, so the ports give the same bits).
 *
 * Only single-label runs on the built-in digits are reproduced this way; the multi-label canvases
 * (LossLab's composer) still come from the framework's own MNIST loader.
 */
import type { ModelKind } from '../config';
import type { BuiltinDataset } from '../datasetCatalog';
import { builtinOf } from '../datasetCatalog';
import type { CodePlan } from './plan';
import { intLit } from './text';

/**
 * Whether the plan's script reproduces the page's run (`options.data`, default `page`): a
 * single-label run on a built-in dataset, whose file the page offers for download.
 */
export function usesPageData(plan: CodePlan): boolean {
  return plan.data === 'page' && !plan.multilabel && builtinOf(plan.config.dataset) !== null;
}

/**
 * The seed index of each kernel, in `model.get_weights()` order (`layerSeed` in src/ml/models.ts:
 * hidden layers count from 0, the logits layer is 10).
 */
export function kernelSeedIndices(model: ModelKind): number[] {
  return model === 'mlp' ? [0, 10] : [0, 1, 10];
}

/** Python: the file reader, LossLab's generator and tfjs' seeded Glorot initialiser. */
export const PYTHON_LOSSLAB_HELPERS: readonly string[] = [
  '',
  '',
  'def load_losslab_digits(path):',
  '    """LossLab\'s data file (gzipped or not): a header of eight little-endian uint32',
  '    (magic, version, count, rows, cols, images offset, labels offset, CRC-32), then one byte',
  '    per pixel, image after image, then one byte per label."""',
  '    with open(path, "rb") as f:',
  '        data = f.read()',
  '    if data[:2] == b"\\x1f\\x8b":',
  '        data = gzip.decompress(data)',
  '    if data[:4] != b"LLMN":',
  '        raise ValueError(f"{path} is not a LossLab data file")',
  '    count, rows, cols, images_at, labels_at = np.frombuffer(data, "<u4", 5, 8).tolist()',
  '    images = np.frombuffer(data, np.uint8, count * rows * cols, images_at)',
  '    labels = np.frombuffer(data, np.uint8, count, labels_at)',
  '    return images.reshape(count, rows, cols), labels',
  '',
  '',
  'MASK = 0xFFFFFFFF',
  '',
  '',
  'class LossLabRng:',
  '    """LossLab\'s generator (sfc32 seeded by splitmix32), exact in 32-bit integers."""',
  '',
  '    def __init__(self, seed):',
  '        mix, words = seed & MASK, []',
  '        for _ in range(4):',
  '            mix = (mix + 0x9E3779B9) & MASK',
  '            t = (mix ^ (mix >> 16)) * 0x21F0AAAD & MASK',
  '            t = (t ^ (t >> 15)) * 0x735A2D97 & MASK',
  '            words.append(t ^ (t >> 15))',
  '        self.a, self.b, self.c, self.d = words',
  '',
  '    def next_uint32(self):',
  '        t = (self.a + self.b + self.d) & MASK',
  '        self.d = (self.d + 1) & MASK',
  '        self.a = self.b ^ (self.b >> 9)',
  '        self.b = (self.c + (self.c << 3)) & MASK',
  '        c = ((self.c << 21) | (self.c >> 11)) & MASK',
  '        self.c = (c + t) & MASK',
  '        return t',
  '',
  '    def shuffle(self, n):',
  '        """A permutation of range(n): Fisher-Yates with unbiased draws, as LossLab shuffles."""',
  '        values = list(range(n))',
  '        for i in range(n - 1, 0, -1):',
  '            limit = 2**32 - 2**32 % (i + 1)',
  '            u = self.next_uint32()',
  '            while u >= limit:',
  '                u = self.next_uint32()',
  '            j = u % (i + 1)',
  '            values[i], values[j] = values[j], values[i]',
  '        return np.array(values)',
  '',
  '',
  'def epoch_order(count, seed, epoch):',
  '    """The order in which LossLab visits the training digits in epoch 1, 2, ..."""',
  '    return LossLabRng(seed ^ (epoch * 0x9E3779B1 & MASK)).shuffle(count)',
  '',
  '',
  'def alea(seed):',
  '    """seedrandom\'s Alea, the generator of tfjs\' seeded initialisers (exact in float64)."""',
  '    n = 0xEFC8249D',
  '',
  '    def mash(text):',
  '        nonlocal n',
  '        for ch in text:',
  '            n += ord(ch)',
  '            h = 0.02519603282416938 * n',
  '            n = int(h) % 2**32',
  '            h = (h - n) * n',
  '            n = int(h) % 2**32',
  '            n += (h - n) * 4294967296.0',
  '        return (int(n) % 2**32) * 2.3283064365386963e-10',
  '',
  '    s = [mash(" "), mash(" "), mash(" ")]',
  '    s = [x - mash(seed) for x in s]',
  '    s, c = [x + 1 if x < 0 else x for x in s], 1',
  '    while True:',
  '        t = 2091639 * s[0] + c * 2.3283064365386963e-10',
  '        c = int(t)',
  '        s = [s[1], s[2], t - c]',
  '        yield s[2]',
  '',
  '',
  'def losslab_glorot(shape, seed, index):',
  '    """LossLab\'s initial kernel: GlorotUniform drawn by tfjs with the seed of layer `index`."""',
  '    layer_seed = ((seed ^ 0x9E3779B9) * 0x85EBCA6B + (index + 1) * 0xC2B2AE35) & MASK',
  '    field = int(np.prod(shape[:-2])) if len(shape) > 2 else 1',
  '    fan_in, fan_out = shape[-2] * field, shape[-1] * field',
  '    limit = float(np.sqrt(3 * (1.0 / max(1, (fan_in + fan_out) / 2))))',
  '    draw = alea(str(layer_seed))',
  '    values = [-limit + (limit + limit) * next(draw) for _ in range(int(np.prod(shape)))]',
  '    return np.array(values, dtype=np.float32).reshape(shape)',
];

/**
 * Python: the page's split of the data file, leaving `x_train, y_train, x_test, y_test` (uint8
 * images, class ids) exactly as the page trained on them.
 */
export function pythonPageData(builtin: BuiltinDataset): string[] {
  return [
    "# The page's images: LossLab's data file (the Export code panel offers it next to this script;",
    `# in the repository it is data/${builtin.file}, written by npm run data).`,
    `DATA_FILE = "${builtin.file}"`,
    ...PYTHON_LOSSLAB_HELPERS,
    '',
    '',
    "# The page's split: shuffled by LossLab's generator; the first TRAIN_SIZE are the training",
    '# digits, the last TEST_SIZE the test digits.',
    'x_all, y_all = load_losslab_digits(DATA_FILE)',
    'shuffled = LossLabRng(SEED).shuffle(len(x_all))',
    'train_idx, test_idx = shuffled[:TRAIN_SIZE], shuffled[len(shuffled) - TEST_SIZE :]',
    'x_train, y_train = x_all[train_idx], y_all[train_idx]',
    'x_test, y_test = x_all[test_idx], y_all[test_idx]',
  ];
}

/** Python: LossLab's initial kernels (biases start at zero), in `get_weights()` order. */
export function pythonInitialKernels(plan: CodePlan): string[] {
  return [
    "# LossLab's initial weights: the same seeded Glorot kernels, zero biases.",
    `KERNEL_SEEDS = [${kernelSeedIndices(plan.config.model).map(intLit).join(', ')}]`,
  ];
}

/** The data-file sentence for the notes. */
export function pageDataNote(builtin: BuiltinDataset, framework: 'keras' | 'pytorch'): string {
  const log =
    framework === 'keras'
      ? "Its epoch log then prints the page's Keras log (the same 4 decimals: measured differences are around 1e-6)."
      : "Its epoch log then matches the page's Keras log to about 3 decimals (PyTorch's optimizers round differently, and its Adam adds ε after the bias correction).";
  return (
    `The script trains on the page's images, split, initialised and shuffled as the page did: ` +
    `download ${builtin.file} next to it. ${log}`
  );
}
