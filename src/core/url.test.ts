import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type RunConfig } from './config';
import {
  CONTROL_IDS,
  URL_FIELDS,
  decodeConfig,
  echo,
  encodeConfig,
  parseNumberField,
  parseQuery,
} from './url';

const reasonsOf = (search: string) =>
  decodeConfig(search).ignored.map(({ key, reason }) => `${key}: ${reason}`);

describe('decodeConfig', () => {
  it('reads an empty query as the defaults, with nothing ignored', () => {
    for (const search of ['', '?', '?&&', '&']) {
      const decoded = decodeConfig(search);
      expect(decoded.config).toEqual(DEFAULT_CONFIG);
      expect(decoded.ignored).toEqual([]);
      expect(decoded.autorun).toBe(false);
      expect(decoded.hide).toEqual([]);
    }
  });

  it('reads every key of a full link', () => {
    const { config, ignored, autorun, hide } = decodeConfig(
      '?v=1&task=multiclass&act=sigmoid&loss=sparse_categorical_crossentropy&from_logits=false' +
        '&labels=int&metric=accuracy&semantics=plain&model=cnn&units=64&opt=sgd&lr=0.05' +
        '&momentum=0.9&batch=32&epochs=3&train=300&test=100&seed=7&backend=wasm' +
        '&data=own,0123456789abcdef,500,200,train-images,v2.gz&autorun=1&hide=loss,presets',
    );
    expect(ignored).toEqual([]);
    expect(config).toEqual<RunConfig>({
      task: 'multiclass',
      target: '0',
      outputs: 1,
      activation: 'sigmoid',
      loss: 'sparse_categorical_crossentropy',
      fromLogits: false,
      posWeight: 9,
      labels: 'int',
      metric: 'accuracy',
      semantics: 'plain',
      model: 'cnn',
      units: 64,
      optimizer: 'sgd',
      learningRate: 0.05,
      momentum: 0.9,
      batchSize: 32,
      epochs: 3,
      trainSize: 300,
      testSize: 100,
      seed: 7,
      backend: 'wasm',
      dataset: {
        id: 'own',
        hash: '0123456789abcdef',
        trainCount: 500,
        testCount: 200,
        name: 'train-images,v2.gz',
      },
    });
    expect(autorun).toBe(true);
    expect(hide).toEqual(['loss', 'presets']);
  });

  it.each([
    ['units=abc', 'units', 'not a number'],
    ['units=', 'units', 'not a number'],
    ['units=%20128', 'units', 'not a number'],
    ['units=0x10', 'units', 'not a number'],
    ['units=1_000', 'units', 'not a number'],
    ['lr=Infinity', 'lr', 'not a number'],
    ['lr=NaN', 'lr', 'not a number'],
    ['units=12.5', 'units', 'not a whole number'],
    ['units=0', 'units', 'outside 1–1024'],
    ['units=-5', 'units', 'outside 1–1024'],
    ['units=1e400', 'units', 'not a finite number'],
    ['seed=99999999999999999999', 'seed', 'outside 0–4294967295'],
    ['epochs=' + '9'.repeat(40), 'epochs', 'too long for a number'],
    ['lr=0', 'lr', 'outside 0.000001–10'],
    ['batch=2048', 'batch', 'outside 1–1024'],
    ['act=tanh', 'act', 'expected one of linear, sigmoid, softmax'],
    ['act=Softmax', 'act', 'expected one of linear, sigmoid, softmax'],
    ['loss=BinaryCrossentropy', 'loss', 'expected one of'],
    ['from_logits=1', 'from_logits', 'expected true or false'],
    ['labels=<script>alert(1)</script>', 'labels', 'expected one of int, onehot, multihot'],
    ['backend=webgpu%00', 'backend', 'expected one of'],
    ['model=__proto__', 'model', 'expected one of mlp, cnn'],
    ['autorun=yes', 'autorun', 'expected 1 or 0'],
  ])('%s falls back to the default and says why', (search, key, reason) => {
    const { config, ignored } = decodeConfig(search);
    expect(config).toEqual(DEFAULT_CONFIG);
    expect(ignored).toHaveLength(1);
    expect(ignored[0]?.key).toBe(key);
    expect(ignored[0]?.reason).toContain(reason);
  });

  it('accepts strict decimal and exponent notation', () => {
    expect(decodeConfig('lr=1e-3').config.learningRate).toBe(0.001);
    expect(decodeConfig('lr=.01').config.learningRate).toBe(0.01);
    expect(decodeConfig('lr=%2B0.5').config.learningRate).toBe(0.5);
    expect(decodeConfig('lr=+0.5').ignored[0]?.reason).toBe('not a number'); // '+' is a space
    expect(decodeConfig('units=1e2').config.units).toBe(100);
    expect(decodeConfig('seed=4294967295').config.seed).toBe(4294967295);
    expect(decodeConfig('seed=0').config.seed).toBe(0);
  });

  it('ignores unknown keys, including prototype names, without touching any prototype', () => {
    const { config, ignored } = decodeConfig(
      '__proto__=x&constructor=y&toString=z&hasOwnProperty=1&activation=sigmoid',
    );
    expect(config).toEqual(DEFAULT_CONFIG);
    expect(ignored.map((i) => i.key)).toEqual([
      '__proto__',
      'constructor',
      'toString',
      'hasOwnProperty',
      'activation',
    ]);
    expect(ignored.every((i) => i.reason === 'unknown key')).toBe(true);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    expect(Object.getPrototypeOf(config)).toBe(Object.prototype);
  });

  it('uses the first of repeated keys and lists the rest', () => {
    const { config, ignored } = decodeConfig('act=sigmoid&act=linear&act=softmax');
    expect(config.activation).toBe('sigmoid');
    expect(ignored).toEqual([
      { key: 'act', value: 'linear', reason: 'repeated key; the first value was used' },
      { key: 'act', value: 'softmax', reason: 'repeated key; the first value was used' },
    ]);
  });

  it('keeps a valid first value even when a repeat is hostile', () => {
    expect(decodeConfig('units=32&units=<b>').config.units).toBe(32);
  });

  it('reads another version as version 1, with a notice', () => {
    const { config, ignored } = decodeConfig('v=2&act=sigmoid');
    expect(config.activation).toBe('sigmoid');
    expect(reasonsOf('v=2')).toEqual(['v: unknown link version; read as version 1']);
    expect(reasonsOf('v=1')).toEqual([]);
    expect(ignored).toHaveLength(1);
  });

  it('rejects a split over 10,000 digits and falls back to the default split', () => {
    const { config, ignored } = decodeConfig('train=9000&test=2000');
    expect(config.trainSize).toBe(DEFAULT_CONFIG.trainSize);
    expect(config.testSize).toBe(DEFAULT_CONFIG.testSize);
    expect(ignored.map((i) => i.key)).toEqual(['train', 'test']);
    expect(ignored[0]?.reason).toBe('train + test must be at most 10,000');
    expect(decodeConfig('train=9000&test=1000').ignored).toEqual([]);
  });

  it('reads hide= as a list of known controls, skipping unknown and repeated names', () => {
    const { hide, ignored } = decodeConfig('hide=loss,,act,loss,bogus,<img>');
    expect(hide).toEqual(['loss', 'act']);
    expect(ignored).toEqual([
      { key: 'hide', value: 'bogus', reason: 'unknown control' },
      { key: 'hide', value: '<img>', reason: 'unknown control' },
    ]);
  });

  it('accepts autorun=1|true and autorun=0|false', () => {
    expect(decodeConfig('autorun=1').autorun).toBe(true);
    expect(decodeConfig('autorun=true').autorun).toBe(true);
    expect(decodeConfig('autorun=0').autorun).toBe(false);
    expect(decodeConfig('autorun=false').ignored).toEqual([]);
  });

  it('reads show= as the trainer part to bring into view, and writes it back', () => {
    expect(decodeConfig('show=gradients').show).toBe('gradients');
    expect(decodeConfig('act=relu').show).toBeNull();
    expect(decodeConfig('show=verdict')).toMatchObject({
      show: null,
      ignored: [
        { key: 'show', value: 'verdict', reason: 'expected curves, gradients, log, results' },
      ],
    });
    const href = encodeConfig(DEFAULT_CONFIG, { autorun: true, show: 'log' });
    expect(href).toMatch(/&autorun=1&show=log$/);
    expect(decodeConfig(href)).toMatchObject({ autorun: true, show: 'log', ignored: [] });
  });

  it('survives malformed percent-escapes and control characters', () => {
    const { config, ignored } = decodeConfig('act=%E0%A4%A&%ZZ=1&units=%00');
    expect(config).toEqual(DEFAULT_CONFIG);
    expect(ignored.map((i) => i.key)).toEqual(['act', '%ZZ', 'units']);
    expect(ignored[2]?.value).toBe('\\u0000');
  });

  it('caps the echo of a huge value', () => {
    const { ignored } = decodeConfig(`act=${'x'.repeat(10_000)}`);
    expect(ignored[0]?.value.length).toBeLessThanOrEqual(61);
  });
});

describe('encodeConfig', () => {
  it('writes every field with the version and the seed, in table order', () => {
    expect(encodeConfig(DEFAULT_CONFIG)).toBe(
      'v=1&task=multiclass&act=softmax&loss=categorical_crossentropy&from_logits=false' +
        '&labels=onehot&metric=accuracy&semantics=tf&model=mlp&units=128&opt=adam&lr=0.001' +
        '&batch=64&epochs=5&train=6000&test=1000&seed=42&backend=auto&data=mnist',
    );
  });

  it('writes momentum for SGD, or when someone changed it', () => {
    expect(encodeConfig({ ...DEFAULT_CONFIG, optimizer: 'sgd' })).toContain('&momentum=0&');
    expect(encodeConfig({ ...DEFAULT_CONFIG, momentum: 0.5 })).toContain('&momentum=0.5&');
  });

  it('adds autorun and hide when asked, with readable commas', () => {
    const search = encodeConfig(DEFAULT_CONFIG, { autorun: true, hide: ['loss', 'act'] });
    expect(search.endsWith('&autorun=1&hide=loss,act')).toBe(true);
  });

  it.each<Partial<RunConfig>>([
    {},
    { activation: 'linear', fromLogits: true, loss: 'sparse_categorical_crossentropy' },
    { optimizer: 'sgd', momentum: 0.9, learningRate: 1e-6 },
    { seed: 4294967295, trainSize: 9000, testSize: 1000, backend: 'webgpu' },
    { learningRate: 1e-5, units: 1, batchSize: 1, epochs: 100 },
    { task: 'multilabel', labels: 'multihot', metric: 'hamming_loss', model: 'cnn' },
  ])('round-trips %o', (change) => {
    const config = { ...DEFAULT_CONFIG, ...change };
    const decoded = decodeConfig(`?${encodeConfig(config, { autorun: true, hide: ['seed'] })}`);
    expect(decoded).toEqual({ config, autorun: true, show: null, hide: ['seed'], ignored: [] });
  });
});

describe('the field table', () => {
  it('covers every configuration field exactly once, with a hideable key', () => {
    const fields = URL_FIELDS.map((f) => f.field).sort();
    expect(fields).toEqual(Object.keys(DEFAULT_CONFIG).sort());
    for (const field of URL_FIELDS) expect(CONTROL_IDS).toContain(field.key);
  });
});

describe('the dataset in a link', () => {
  const own = {
    id: 'own' as const,
    hash: 'fedcba9876543210',
    trainCount: 400,
    testCount: 0,
    name: 'my-images.idx',
  };

  it('writes the built-in data as data=mnist, and reads a link without data as MNIST', () => {
    expect(encodeConfig(DEFAULT_CONFIG)).toMatch(/&data=mnist$/);
    expect(decodeConfig('?v=1&act=sigmoid').config.dataset).toEqual({ id: 'mnist' });
  });

  it('round-trips own files: name, counts and content hash, readable in the link', () => {
    const config = { ...DEFAULT_CONFIG, dataset: own, trainSize: 300, testSize: 100 };
    const link = encodeConfig(config);
    expect(link).toContain('&data=own,fedcba9876543210,400,0,my-images.idx');
    expect(decodeConfig(`?${link}`)).toEqual({
      config,
      autorun: false,
      show: null,
      hide: [],
      ignored: [],
    });
  });

  it.each([
    ['fashion', 'expected mnist, clothes or own,…'],
    ['own,XYZ,400,0,a', 'own data: bad hash, count or file name'],
    [
      'own,fedcba9876543210,-1,0,a',
      'own data: expected own,<hash>,<train count>,<test count>,<name>',
    ],
    ['own,fedcba9876543210,400,0,', 'own data: bad hash, count or file name'],
  ])('ignores data=%s (%s) and keeps the built-in digits', (value, reason) => {
    const decoded = decodeConfig(`?data=${encodeURIComponent(value)}`);
    expect(decoded.config.dataset).toEqual({ id: 'mnist' });
    expect(decoded.ignored).toEqual([{ key: 'data', value, reason }]);
  });

  it('checks the split against the data the link names', () => {
    // Two own files of 400 images: train and test are drawn from them together.
    const small = decodeConfig(`?data=own,fedcba9876543210,400,0,a&train=300&test=200`);
    expect(small.ignored.map((i) => [i.key, i.reason])).toEqual([
      ['train', 'train + test must be at most the 400 images of the data'],
      ['test', 'train + test must be at most the 400 images of the data'],
    ]);
    expect([small.config.trainSize, small.config.testSize]).toEqual([1, 1]);
    // Four files: a training set and a separate test set, each its own limit.
    const four = decodeConfig(`?data=own,fedcba9876543210,5000,300,a&train=4000&test=300`);
    expect(four.ignored).toEqual([]);
    const over = decodeConfig(`?data=own,fedcba9876543210,5000,300,a&train=4000&test=301`);
    expect(over.ignored[0]?.reason).toBe('test must be at most the 300 test images');
  });
});

describe('helpers', () => {
  it('parseQuery decodes like URLSearchParams', () => {
    const search = '?a=1&b=x+y&c=%3Cb%3E&d&=e&f=g=h';
    expect(parseQuery(search)).toEqual([
      ['a', '1'],
      ['b', 'x y'],
      ['c', '<b>'],
      ['d', ''],
      ['', 'e'],
      ['f', 'g=h'],
    ]);
  });

  it('echo escapes control characters', () => {
    expect(echo('a\u0000b\nc')).toBe('a\\u0000b\\u000ac');
  });
});

describe('parseNumberField', () => {
  it('applies the link rules to what a student types', () => {
    expect(parseNumberField('epochs', ' 3 ')).toEqual({ ok: true, value: 3 });
    expect(parseNumberField('epochs', '0')).toEqual({ ok: false, reason: 'outside 1–100' });
    expect(parseNumberField('learningRate', '1e-3')).toEqual({ ok: true, value: 0.001 });
    expect(parseNumberField('units', '')).toEqual({ ok: false, reason: 'not a number' });
  });
});

describe('the view key in a trainer link', () => {
  it('is not an unknown key: view=trainer passes, another view name says what it does', () => {
    expect(decodeConfig('?view=trainer&epochs=2').ignored).toEqual([]);
    expect(decodeConfig('?view=nonsense').ignored).toEqual([
      {
        key: 'view',
        value: 'nonsense',
        reason: 'not a view (grid, history or lab); the trainer is shown',
      },
    ]);
  });
});

describe('the binary task in a link', () => {
  it('writes the question and the output units only for the binary task', () => {
    expect(encodeConfig(DEFAULT_CONFIG)).not.toMatch(/target=|outputs=/);
    const link = encodeConfig({ ...DEFAULT_CONFIG, task: 'binary', target: '3', outputs: 2 });
    expect(link).toContain('v=1&task=binary&target=3&outputs=2&act=softmax&');
  });

  it('round-trips both questions and both widths', () => {
    for (const target of ['0', '3', '9', 'even'] as const) {
      for (const outputs of [1, 2]) {
        const config: RunConfig = { ...DEFAULT_CONFIG, task: 'binary', target, outputs };
        const back = decodeConfig(`?${encodeConfig(config)}`);
        expect(back.ignored).toEqual([]);
        expect(back.config).toEqual(config);
      }
    }
  });

  it('reads a link without them (every older link) as it always did', () => {
    const { config, ignored } = decodeConfig('?v=1&act=sigmoid&loss=binary_crossentropy');
    expect(ignored).toEqual([]);
    expect(config).toEqual({
      ...DEFAULT_CONFIG,
      activation: 'sigmoid',
      loss: 'binary_crossentropy',
    });
    expect(config.task).toBe('multiclass');
  });

  it('falls back from a bad question or width and says so', () => {
    expect(reasonsOf('?task=binary&target=10&outputs=3')).toEqual([
      expect.stringMatching(/^target: /),
      expect.stringMatching(/^outputs: /),
    ]);
    expect(decodeConfig('?task=binary&target=odd').config.target).toBe('0');
    expect(decodeConfig('?labels=column').config.labels).toBe('column');
  });
});
