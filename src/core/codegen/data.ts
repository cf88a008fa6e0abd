/**
 * How each exported script loads the data its configuration names: a built-in dataset through
 * the framework's own loader (the dataset catalogue says which), or the student's own IDX files by
 * file name, read with a small IDX reader and split as LossLab splits them. Every script says in a
 * comment which data LossLab trained on (own files: name, counts and content hash).
 */
import type { BuiltinDataset, OwnDatasetRef } from '../datasetCatalog';
import { builtinOf, describeDataset } from '../datasetCatalog';
import type { CodePlan } from './plan';
import { pageDataNote, pythonPageData, usesPageData } from './reproduce';
import { comment } from './text';

/** The file names a script asks for: the training images file's, and MNIST's usual pattern. */
export function ownFileNames(ref: OwnDatasetRef): {
  trainImages: string;
  trainLabels: string;
  testImages: string | null;
  testLabels: string | null;
} {
  const labelsOf = (images: string) => {
    const guess = images.replace('images', 'labels').replace('idx3', 'idx1');
    return guess === images ? `${images}.labels` : guess;
  };
  const testOf = (train: string) =>
    train.includes('train') ? train.replace('train', 't10k') : `test-${train}`;
  const testImages = ref.testCount > 0 ? testOf(ref.name) : null;
  return {
    trainImages: ref.name,
    trainLabels: labelsOf(ref.name),
    testImages,
    testLabels: testImages && labelsOf(testImages),
  };
}

/** A Python (and JS) string literal: JSON's quoting is valid in both. */
const str = (text: string) => JSON.stringify(text);

function ownHeader(ref: OwnDatasetRef, prefix: string): string[] {
  return comment(
    `Data: ${describeDataset(ref)}. LossLab records only the training images file's name; ` +
      "the other names follow MNIST's pattern: point them at your files (gzipped or not).",
    prefix,
  );
}

const PYTHON_IDX = [
  '',
  '',
  'def load_idx(path):',
  '    """An IDX file of unsigned bytes (MNIST\'s format), gzipped or not, as a numpy array."""',
  '    with open(path, "rb") as f:',
  '        data = f.read()',
  '    if data[:2] == b"\\x1f\\x8b":',
  '        data = gzip.decompress(data)',
  '    dims = data[3]',
  '    shape = [int.from_bytes(data[4 + 4 * i : 8 + 4 * i], "big") for i in range(dims)]',
  '    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)',
  '',
  '',
];

/** Python: a seeded sample of TRAIN_SIZE and TEST_SIZE images from separate train and test sets. */
function pythonSample(why: string[]): string[] {
  return [
    ...why,
    'rng = np.random.default_rng(SEED)',
    'train_idx = rng.choice(len(x_train_all), TRAIN_SIZE, replace=False)',
    'test_idx = rng.choice(len(x_test_all), TEST_SIZE, replace=False)',
    'x_train, y_train = x_train_all[train_idx], y_train_all[train_idx]',
    'x_test, y_test = x_test_all[test_idx], y_test_all[test_idx]',
  ];
}

/** Python: disjoint training and test images drawn from one set, as LossLab splits it. */
const PYTHON_SPLIT = [
  '# One set: training and test images are drawn from it without overlap, as LossLab does (with',
  "# numpy's generator, not LossLab's, so the images differ; the trends do not).",
  'rng = np.random.default_rng(SEED)',
  'order = rng.permutation(len(x_all))',
  'train_idx, test_idx = order[:TRAIN_SIZE], order[len(order) - TEST_SIZE :]',
  'x_train, y_train = x_all[train_idx], y_all[train_idx]',
  'x_test, y_test = x_all[test_idx], y_all[test_idx]',
];

/**
 * Python: the loader's images of the dataset's classes only, renumbered 0..K−1 in the entry's
 * order (nothing when the dataset keeps every class of its loader).
 */
function pythonKeepClasses(builtin: BuiltinDataset): string[] {
  const kept = builtin.exporters.sourceClasses;
  if (!kept) return [];
  return [
    ...comment(
      `${builtin.name} keeps ${kept.length} of the loader's classes (${builtin.classNames.join(', ')}), ` +
        'numbered 0..' +
        `${kept.length - 1} in this order, as LossLab labels them.`,
    ),
    `SOURCE_CLASSES = np.array([${kept.join(', ')}])`,
    'keep_train = np.isin(y_train_all, SOURCE_CLASSES)',
    'keep_test = np.isin(y_test_all, SOURCE_CLASSES)',
    'x_train_all = x_train_all[keep_train]',
    'y_train_all = np.searchsorted(SOURCE_CLASSES, y_train_all[keep_train])',
    'x_test_all = x_test_all[keep_test]',
    'y_test_all = np.searchsorted(SOURCE_CLASSES, y_test_all[keep_test])',
  ];
}

function builtinSampleWhy(builtin: BuiltinDataset): string[] {
  return comment(
    `A seeded sample of TRAIN_SIZE training and TEST_SIZE test images. LossLab draws both sets ` +
      `disjointly from ${builtin.source}; here they come from ${builtin.name}'s own train and ` +
      'test files, so the images (and the exact numbers) differ, the trends do not.',
  );
}

/**
 * Python lines that leave `x_train, y_train, x_test, y_test` (uint8 images, class ids) and
 * `rng`, and the imports they need. Keras loads a built-in dataset with its own loader, PyTorch
 * with torchvision's; own files are read from disk by both.
 */
export function pythonData(
  plan: CodePlan,
  framework: 'keras' | 'pytorch',
): { imports: string[]; lines: string[] } {
  const { dataset } = plan.config;
  const builtin = builtinOf(dataset);
  if (builtin && usesPageData(plan)) {
    return {
      imports: ['import gzip'],
      lines: [...comment(`Data: ${describeDataset(dataset)}.`), ...pythonPageData(builtin)],
    };
  }
  if (builtin) {
    const load =
      framework === 'keras'
        ? [`(x_train_all, y_train_all), (x_test_all, y_test_all) = ${builtin.exporters.keras}`]
        : [
            `train_set = datasets.${builtin.exporters.torchvision}("data", train=True, download=True)`,
            `test_set = datasets.${builtin.exporters.torchvision}("data", train=False, download=True)`,
            'x_train_all, y_train_all = train_set.data.numpy(), train_set.targets.numpy()',
            'x_test_all, y_test_all = test_set.data.numpy(), test_set.targets.numpy()',
          ];
    return {
      imports: framework === 'pytorch' ? ['from torchvision import datasets'] : [],
      lines: [
        ...comment(`Data: ${describeDataset(dataset)}.`),
        ...load,
        ...pythonKeepClasses(builtin),
        ...pythonSample(builtinSampleWhy(builtin)),
      ],
    };
  }
  const own = dataset as OwnDatasetRef;
  const files = ownFileNames(own);
  const names = [
    `TRAIN_IMAGES = ${str(files.trainImages)}`,
    `TRAIN_LABELS = ${str(files.trainLabels)}`,
    ...(files.testImages && files.testLabels
      ? [`TEST_IMAGES = ${str(files.testImages)}`, `TEST_LABELS = ${str(files.testLabels)}`]
      : []),
  ];
  const load = files.testImages
    ? [
        'x_train_all, y_train_all = load_idx(TRAIN_IMAGES), load_idx(TRAIN_LABELS)',
        'x_test_all, y_test_all = load_idx(TEST_IMAGES), load_idx(TEST_LABELS)',
        ...pythonSample(
          comment(
            'A seeded sample of TRAIN_SIZE training and TEST_SIZE test images, as LossLab draws ' +
              "them (with numpy's generator, not LossLab's, so the images differ; the trends do not).",
          ),
        ),
      ]
    : ['x_all, y_all = load_idx(TRAIN_IMAGES), load_idx(TRAIN_LABELS)', ...PYTHON_SPLIT];
  return {
    imports: ['import gzip'],
    lines: [...ownHeader(own, '# '), ...names, ...PYTHON_IDX, ...load],
  };
}

/** A sentence for the notes: where the script's images come from. */
export function dataNote(plan: CodePlan, framework: 'keras' | 'pytorch' | 'tfjs'): string {
  const { dataset } = plan.config;
  const builtin = builtinOf(dataset);
  if (!builtin) {
    return (
      `LossLab trained on ${describeDataset(dataset)}: the script reads the same IDX files by ` +
      'name (check the names at its top).'
    );
  }
  if (framework !== 'tfjs' && usesPageData(plan)) return pageDataNote(builtin, framework);
  if (framework === 'tfjs') {
    return `Load the images from LossLab's ${builtin.file} (npm run data writes it to data/; set DATA_URL); the split is the app's, so the same seed gives the same images.`;
  }
  const kept = builtin.exporters.sourceClasses;
  return `LossLab trained on ${describeDataset(dataset)}; the script loads ${builtin.name} with ${
    framework === 'keras'
      ? builtin.exporters.keras
      : `torchvision's datasets.${builtin.exporters.torchvision}`
  }${kept ? ` and keeps the loader's classes ${kept.join(', ')} as LossLab's 0–${kept.length - 1}` : ''}.`;
}

/**
 * TF.js: constants naming the data, helpers, and the lines inside `main()` that leave
 * `trainDigits` and `testDigits` (`{ count, images: Float32Array (0–255), labels: Int32Array }`),
 * split exactly as the app splits them for the same seed (`createRng` is the app's generator).
 */
export function tfjsData(plan: CodePlan): {
  consts: string[];
  helpers: string[];
  load: string[];
} {
  const { dataset } = plan.config;
  const builtin = builtinOf(dataset);
  const pixels = 'IMAGE_PIXELS';
  const pick = [
    `  const pick = (set, indices) => ({`,
    '    count: indices.length,',
    `    images: Float32Array.from({ length: indices.length * ${pixels} }, (_, k) =>`,
    `      set.images[indices[Math.floor(k / ${pixels})] * ${pixels} + (k % ${pixels})],`,
    '    ),',
    '    labels: Int32Array.from(indices, (i) => set.labels[i]),',
    '  });',
    '  const order = (count, seed) => createRng(seed).shuffle(Array.from({ length: count }, (_, i) => i));',
  ];
  if (builtin) {
    return {
      consts: [
        ...comment(`Data: ${describeDataset(dataset)}.`, '// '),
        `// LossLab's dataset file (data/${builtin.file} in the repository, written by npm run data); adjust to where you serve it.`,
        `const DATA_URL = ${str(builtin.exporters.tfjs)};`,
        `const IMAGE_PIXELS = ${builtin.rows * builtin.cols};`,
      ],
      helpers: [],
      load: [
        '  const response = await fetch(DATA_URL);',
        '  // The file travels gzipped; a host that sends it with Content-Encoding: gzip unpacks it already.',
        '  let bytes = new Uint8Array(await response.arrayBuffer());',
        '  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {',
        "    const unpacked = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));",
        '    bytes = new Uint8Array(await new Response(unpacked).arrayBuffer());',
        '  }',
        '  const view = new DataView(bytes.buffer);',
        '  const count = view.getUint32(8, true);',
        '  const imagesOffset = view.getUint32(20, true);',
        '  const labelsOffset = view.getUint32(24, true);',
        '  const all = {',
        `    images: bytes.subarray(imagesOffset, imagesOffset + count * ${pixels}),`,
        '    labels: bytes.subarray(labelsOffset, labelsOffset + count),',
        '  };',
        ...pick,
        '  const shuffled = order(count, SEED);',
        '  const trainDigits = pick(all, shuffled.slice(0, TRAIN_SIZE));',
        '  const testDigits = pick(all, shuffled.slice(count - TEST_SIZE));',
      ],
    };
  }
  const own = dataset as OwnDatasetRef;
  const files = ownFileNames(own);
  const separate = files.testImages !== null && files.testLabels !== null;
  return {
    consts: [
      ...ownHeader(own, '// '),
      `const TRAIN_IMAGES_URL = ${str(files.trainImages)};`,
      `const TRAIN_LABELS_URL = ${str(files.trainLabels)};`,
      ...(separate
        ? [
            `const TEST_IMAGES_URL = ${str(files.testImages ?? '')};`,
            `const TEST_LABELS_URL = ${str(files.testLabels ?? '')};`,
          ]
        : []),
      'const IMAGE_PIXELS = 784;',
    ],
    helpers: [
      '',
      "/** An IDX file of unsigned bytes (MNIST's format), gzipped or not: its first dimension and data. */",
      'async function loadIdx(url) {',
      '  let bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());',
      '  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {',
      "    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));",
      '    bytes = new Uint8Array(await new Response(stream).arrayBuffer());',
      '  }',
      '  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);',
      '  return { count: view.getUint32(4), data: bytes.subarray(4 + 4 * bytes[3]) };',
      '}',
    ],
    load: [
      '  const readSet = async (imagesUrl, labelsUrl) => {',
      '    const [images, labels] = await Promise.all([loadIdx(imagesUrl), loadIdx(labelsUrl)]);',
      '    return { count: images.count, images: images.data, labels: labels.data };',
      '  };',
      '  const trainSet = await readSet(TRAIN_IMAGES_URL, TRAIN_LABELS_URL);',
      ...pick,
      ...(separate
        ? [
            '  // Training images from the training files, test images from the test files (seed + 1).',
            '  const testSet = await readSet(TEST_IMAGES_URL, TEST_LABELS_URL);',
            '  const trainDigits = pick(trainSet, order(trainSet.count, SEED).slice(0, TRAIN_SIZE));',
            '  const testDigits = pick(testSet, order(testSet.count, (SEED + 1) >>> 0).slice(0, TEST_SIZE));',
          ]
        : [
            '  const shuffled = order(trainSet.count, SEED);',
            '  const trainDigits = pick(trainSet, shuffled.slice(0, TRAIN_SIZE));',
            '  const testDigits = pick(trainSet, shuffled.slice(trainSet.count - TEST_SIZE));',
          ]),
    ],
  };
}
