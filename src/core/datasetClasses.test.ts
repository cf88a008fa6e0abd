/**
 * A run's classes come from its dataset: the class count K (labels, one-hot width, output units,
 * the verdict, the exported scripts) and the class names, for every built-in dataset. The clothes
 * entry (6 classes) is the one that is not shaped like MNIST's ten digits.
 */
import { describe, expect, it } from 'vitest';
import { labelClasses, outputUnits } from './binary';
import { generateCode } from './codegen';
import { planCode } from './codegen/plan';
import { DEFAULT_CONFIG, TASKS, type RunConfig } from './config';
import {
  BUILTIN_DATASETS,
  BUILTIN_DATASET_IDS,
  classCountOf,
  classNamesOf,
  nounOf,
  taskProblem,
  type DatasetRef,
} from './datasetCatalog';
import { inputShapeOf } from './inputShape';
import { checkConfig } from './keras';

const CLOTHES: DatasetRef = { id: 'clothes' };
const OWN: DatasetRef = {
  id: 'own',
  name: 'train-images-idx3-ubyte',
  trainCount: 600,
  testCount: 0,
  hash: '0123456789abcdef',
};
const cfg = (overrides: Partial<RunConfig>): RunConfig => ({ ...DEFAULT_CONFIG, ...overrides });

describe('the classes of a dataset', () => {
  it('come from the catalogue entry (own IDX files: the digits 0..9)', () => {
    expect(classNamesOf({ id: 'mnist' })).toEqual([
      '0',
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
      '7',
      '8',
      '9',
    ]);
    expect(classNamesOf(CLOTHES)).toEqual([
      'T-shirt/top',
      'Trouser',
      'Pullover',
      'Dress',
      'Coat',
      'Shirt',
    ]);
    expect(classCountOf(CLOTHES)).toBe(6);
    expect(classCountOf(OWN)).toBe(10);
    expect(nounOf(CLOTHES)).toEqual({ one: 'garment', many: 'garments' });
    expect(nounOf(OWN)).toEqual({ one: 'digit', many: 'digits' });
  });

  it('set the output units and label classes of every task but the binary one', () => {
    for (const id of BUILTIN_DATASET_IDS) {
      const dataset = { id };
      const K = BUILTIN_DATASETS[id].classNames.length;
      expect(outputUnits(cfg({ dataset }))).toBe(K);
      expect(labelClasses(cfg({ dataset }))).toBe(K);
      expect(outputUnits(cfg({ dataset, task: 'binary', outputs: 2 }))).toBe(2);
      expect(labelClasses(cfg({ dataset, task: 'binary' }))).toBe(2);
      expect(inputShapeOf(cfg({ dataset }))).toEqual({
        rows: BUILTIN_DATASETS[id].rows,
        cols: BUILTIN_DATASETS[id].cols,
        pixels: BUILTIN_DATASETS[id].rows * BUILTIN_DATASETS[id].cols,
      });
    }
  });

  it('leave only the multi-class task to a dataset whose classes are not digits', () => {
    for (const task of TASKS) {
      expect(taskProblem({ task, dataset: { id: 'mnist' } })).toBeNull();
      expect(taskProblem({ task, dataset: OWN })).toBeNull();
    }
    expect(taskProblem({ task: 'multiclass', dataset: CLOTHES })).toBeNull();
    expect(taskProblem({ task: 'binary', dataset: CLOTHES })).toBe(
      'The binary task asks about digits ("is it a 3?", "is it even?"), and Fashion-MNIST ' +
        'clothes has no digits: its classes are T-shirt/top, Trouser, Pullover, Dress, Coat, ' +
        'Shirt. Choose the multi-class task, or the built-in MNIST digits.',
    );
    expect(taskProblem({ task: 'multilabel', dataset: CLOTHES })).toMatch(
      /^The multi-label task composes 2×2 canvases of digits.*Choose the multi-class task/,
    );
  });
});

describe('the verdict on a dataset of six classes', () => {
  it('reads K and the words from the dataset', () => {
    const topK = cfg({ dataset: CLOTHES, metric: 'top_k_categorical_accuracy' });
    const lenient = checkConfig(topK).findings.find((f) => f.code === 'top_k_lenient');
    expect(lenient?.explanation).toContain(
      'the right garment is among the 5 highest outputs: 5 out of 6 of the garments',
    );
    // MNIST's wording is unchanged.
    const mnist = checkConfig({ ...topK, dataset: { id: 'mnist' } }).findings.find(
      (f) => f.code === 'top_k_lenient',
    );
    expect(mnist?.explanation).toContain('the right digit is among the 5 highest outputs: half');
    expect(checkConfig(cfg({ dataset: CLOTHES })).explanation).toContain(
      'the softmax probability of the right garment, read from one-hot rows',
    );
  });

  it('catches the batch whose size equals K, which only then broadcasts by accident', () => {
    // sparse_categorical_accuracy on one-hot rows: (B, K) labels against (B,) ids broadcast when B = K.
    const codes = (batchSize: number, dataset: DatasetRef) =>
      checkConfig(cfg({ dataset, metric: 'sparse_categorical_accuracy', batchSize })).findings.map(
        (f) => f.code,
      );
    expect(codes(6, CLOTHES)).toContain('silent_broadcast');
    expect(codes(10, { id: 'mnist' })).toContain('silent_broadcast');
    expect(codes(10, CLOTHES)).not.toContain('silent_broadcast');
    expect(codes(6, { id: 'mnist' })).not.toContain('silent_broadcast');
  });
});

describe('the exported scripts of a dataset of six classes', () => {
  const config = cfg({ dataset: CLOTHES, trainSize: 600, testSize: 100 });

  it('build a model of six outputs on its 28×28 images', () => {
    const plan = planCode(config);
    expect([plan.outputs, plan.classes, plan.rows, plan.cols]).toEqual([6, 6, 28, 28]);
    expect(generateCode(config, 'keras').code).toContain('NUM_CLASSES = 6');
    expect(generateCode(config, 'pytorch').code).toContain('NUM_CLASSES = 6');
    expect(generateCode(config, 'tfjs').code).toContain('const NUM_CLASSES = 6;');
    expect(generateCode(config, 'tfjs').code).toContain(
      'const DATA_URL = "data/fashion-clothes-10k.bin.gz";',
    );
  });

  it("keep the loader's garment classes, renumbered as LossLab numbers them", () => {
    for (const target of ['keras', 'pytorch'] as const) {
      const { code } = generateCode(config, target, { data: 'framework' });
      expect(code).toContain('SOURCE_CLASSES = np.array([0, 1, 2, 3, 4, 6])');
      expect(code).toContain(
        'y_train_all = np.searchsorted(SOURCE_CLASSES, y_train_all[keep_train])',
      );
    }
    expect(generateCode(config, 'keras', { data: 'framework' }).code).toContain(
      'keras.datasets.fashion_mnist.load_data()',
    );
    expect(generateCode(config, 'pytorch', { data: 'framework' }).code).toContain(
      'datasets.FashionMNIST("data", train=True, download=True)',
    );
    // MNIST keeps every class of its loader: no filter.
    expect(generateCode(DEFAULT_CONFIG, 'keras', { data: 'framework' }).code).not.toContain(
      'SOURCE_CLASSES',
    );
  });

  it('are valid Python and JavaScript', async () => {
    const syntaxPath = '../test/syntax';
    const { parsePython, parseJsModules } = (await import(/* @vite-ignore */ syntaxPath)) as {
      parsePython: (sources: readonly string[]) => { index: number; error: string }[];
      parseJsModules: (sources: readonly string[]) => { index: number; error: string }[];
    };
    const python = (['keras', 'pytorch'] as const).flatMap((target) =>
      (['page', 'framework'] as const).map((data) => generateCode(config, target, { data }).code),
    );
    expect(parsePython(python)).toEqual([]);
    expect(parseJsModules([generateCode(config, 'tfjs').code])).toEqual([]);
  });
});
