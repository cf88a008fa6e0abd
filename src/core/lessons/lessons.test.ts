import { describe, expect, it } from 'vitest';
import { lossEntry, lossPathOf } from '../catalogue';
import type { EpochRecord, RunResult } from '../events';
import { decodeGridLink } from '../grid/url';
import { checkConfig } from '../keras';
import { decodeLab } from '../labUrl';
import { decodeConfig } from '../url';
import type { LessonRun } from './lesson';
import { LESSON_BASE, lessonConfig } from './lesson';
import { lessonsDone, parseLessonProgress } from './progress';
import { LESSONS } from './steps';
import { decodeLessonLink, encodeLessonLink, lessonLinkHref } from './url';

const lesson = (id: string) => {
  const found = LESSONS.find((l) => l.id === id);
  if (!found) throw new Error(`no lesson ${id}`);
  return found;
};

function epoch(valMetric: number, extra: Partial<EpochRecord> = {}): EpochRecord {
  return {
    epoch: 3,
    epochs: 3,
    steps: 16,
    loss: 1,
    metric: valMetric,
    valLoss: 1,
    valMetric,
    epochMs: 1,
    msPerStep: 1,
    ...extra,
  };
}

/** A multi-label run's test outputs: `marked` digits above 0.5 per image, 2 true digits each. */
function multiLabelRun(valMetric: number, subset: number, marked: number): LessonRun {
  const images = 10;
  const outputs = new Float32Array(images * 10).map((_, i) => (i % 10 < marked ? 0.9 : 0.1));
  const targets = new Uint8Array(images * 10).map((_, i) => (i % 10 < 2 ? 1 : 0));
  const result: Pick<RunResult, 'testAccuracy' | 'testOutputs'> = {
    testAccuracy: subset,
    testOutputs: { labels: 10, outputs, targets },
  };
  return { metric: 'binary_accuracy', history: [epoch(valMetric)], result };
}

describe('lessons', () => {
  it('are about eight steps with distinct ids, three choices and an answer among them', () => {
    expect(LESSONS.length).toBeGreaterThanOrEqual(7);
    expect(new Set(LESSONS.map((l) => l.id)).size).toBe(LESSONS.length);
    for (const l of LESSONS) {
      expect(l.choices).toHaveLength(3);
      expect(new Set(l.choices.map((c) => c.id)).size).toBe(3);
      expect(l.choices.map((c) => c.id)).toContain(l.answer);
      expect(l.explanation.length).toBeGreaterThan(200);
    }
  });

  it.each(LESSONS.map((l) => [l.id, l] as const))(
    '%s: the verdict on its configuration is what the explanation claims',
    (_, l) => {
      const config = lessonConfig(l);
      const verdict = checkConfig(config);
      expect(verdict.level).toBe(l.claims.level);
      expect(verdict.findings.map((f) => f.code)).toEqual(
        expect.arrayContaining(l.claims.findings),
      );
      if (l.claims.metric) {
        expect(verdict.resolvedMetric).toBe(l.claims.metric);
        expect(l.explanation + l.question).toContain(l.claims.metric);
      }
      if (l.claims.path) expect(lossPathOf(lossEntry(config.loss), config)).toBe(l.claims.path);
      if (verdict.level === 'error') {
        // The explanation names the error Keras raises, and a refused run reads as the answer.
        expect(l.explanation).toContain(verdict.kerasErrorType ?? 'missing');
        const run: LessonRun = {
          rejected: { type: verdict.kerasErrorType ?? '', message: verdict.kerasError ?? '' },
          history: [],
        };
        expect(l.judge(run).choice).toBe(l.answer);
        expect(l.judge(run).observed).toContain(verdict.kerasError ?? 'missing');
      }
      // Small and fast, and the loss it names is the one configured.
      expect(config.trainSize + config.testSize).toBeLessThanOrEqual(1_300);
      expect(config.epochs).toBeLessThanOrEqual(LESSON_BASE.epochs);
      expect(l.question + l.explanation).toContain(config.loss);
    },
  );

  it('judge single-label runs by their numbers', () => {
    const sig = lesson('sigmoid-sparse');
    expect(sig.judge({ history: [epoch(0.83)] }).choice).toBe('same');
    expect(sig.judge({ history: [epoch(0.4)] }).choice).toBe('worse');
    // Beside the softmax model: "the same losses" holds only when every epoch's losses agree.
    const softmax = { history: [epoch(0.83)] };
    expect(sig.judge({ history: [epoch(0.83)], reference: softmax })).toEqual({
      choice: 'same',
      observed: expect.stringContaining('The softmax model: validation accuracy 0.83') as string,
    });
    const apart = sig.judge({ history: [epoch(0.83, { loss: 1.2 })], reference: softmax });
    expect(apart).toEqual({
      choice: 'worse',
      observed: expect.stringContaining('the losses differ by up to 0.20') as string,
    });
    expect(sig.judge({ history: [epoch(0.83)], reference: { history: [] } }).choice).toBe('worse');
    const logits = lesson('from-logits');
    const stalled = logits.judge({
      history: [epoch(0.19, { outputGradient: { meanAbs: 0.3, zeroShare: 0.93 } })],
    });
    expect(stalled).toEqual({
      choice: 'stalls',
      observed: expect.stringContaining('93% of the outputs had no gradient') as string,
    });
    expect(logits.judge({ history: [epoch(0.83)] }).choice).toBe('trains');
    const diverged: LessonRun = {
      history: [],
      result: {
        testAccuracy: 0.1,
        divergence: { epoch: 1, batch: 2, value: NaN, cause: 'x' },
      },
    };
    expect(logits.judge(diverged).choice).toBe('diverges');
    const bce = lesson('bce-onehot-accuracy');
    const real: LessonRun = {
      metric: 'categorical_accuracy',
      history: [epoch(0.747)],
      result: { testAccuracy: 0.747 },
    };
    expect(bce.judge(real).choice).toBe('real');
    expect(bce.judge({ ...real, metric: 'binary_accuracy', history: [epoch(0.95)] }).choice).toBe(
      'inflated',
    );
  });

  it('judge binary runs: accuracy against the positive rate, and two units by their accuracy', () => {
    const softmaxOne = lesson('binary-softmax-one');
    const targets = Uint8Array.from({ length: 300 }, (_, i) => (i < 31 ? 1 : 0));
    const binaryRun = (valMetric: number): LessonRun => ({
      history: [epoch(valMetric), epoch(valMetric)],
      result: {
        testAccuracy: valMetric,
        testOutputs: { labels: 1, outputs: new Float32Array(300).fill(1), targets },
      },
    });
    const frozen = softmaxOne.judge(binaryRun(Math.fround(31 / 300)));
    expect(frozen.choice).toBe('frozen');
    expect(frozen.observed).toContain('share of 3s among the test digits 0.10');
    expect(softmaxOne.judge(binaryRun(0.95)).choice).toBe('trains');
    const two = lesson('binary-two-units');
    expect(two.judge({ history: [epoch(0.88)] }).choice).toBe('same');
    expect(two.judge({ history: [epoch(0.51)] }).choice).toBe('chance');
  });

  it('judge multi-label runs from their test outputs', () => {
    const threshold = lesson('multilabel-threshold');
    expect(threshold.judge(multiLabelRun(0.85, 0.18, 2)).choice).toBe('higher');
    expect(threshold.judge(multiLabelRun(0.85, 0.8, 2)).choice).toBe('close');
    const softmax = lesson('multilabel-softmax');
    const one = softmax.judge(multiLabelRun(0.82, 0.02, 1));
    expect(one.choice).toBe('never');
    expect(one.observed).toContain('0 of 10');
    expect(softmax.judge(multiLabelRun(0.82, 0.02, 2)).choice).toBe('yes');
    const abs = lesson('abs-kl');
    // Every output below 0.5: binary accuracy is the share of absent digits, 0.8.
    expect(abs.judge(multiLabelRun(0.8, 0, 0)).choice).toBe('absent');
    expect(abs.judge(multiLabelRun(0.86, 0.2, 2)).choice).toBe('learns');
  });

  it('offer links that open the lesson’s own configuration and examples', () => {
    for (const l of LESSONS) {
      const config = lessonConfig(l);
      for (const link of l.links) {
        const href = lessonLinkHref(l, link);
        if (link.kind === 'trainer') {
          // The trainer opens on the lesson's run, trains it and scrolls to what the link names.
          const decoded = decodeConfig(href);
          expect(decoded.config).toEqual(config);
          expect(decoded).toMatchObject({
            autorun: true,
            show: link.show ?? 'curves',
            ignored: [],
          });
        }
        if (link.kind === 'lab') expect(decodeLab(href).example).toEqual(link.example);
        if (link.kind === 'grid') {
          const grid = decodeGridLink(href);
          expect(grid.ignored).toEqual([]);
          expect(grid.autorun).toBe(true);
          expect(grid.spec.base).toMatchObject({ seed: config.seed, trainSize: config.trainSize });
          for (const [dim, values] of Object.entries(link.axes)) {
            expect(grid.spec.axes[dim as keyof typeof link.axes]).toEqual(values);
          }
        }
      }
    }
  });
});

describe('lesson links', () => {
  it('read a step and the parts to hide, and write them back', () => {
    expect(decodeLessonLink('?view=lessons&step=5&hide=steps,views')).toEqual({
      step: 4,
      hide: ['steps', 'views'],
      ignored: [],
    });
    expect(encodeLessonLink(4, ['steps'])).toBe('view=lessons&step=5&hide=steps');
    expect(encodeLessonLink(99)).toBe(`view=lessons&step=${LESSONS.length}`);
    expect(decodeLessonLink(`?${encodeLessonLink(2)}`).step).toBe(2);
  });

  it('ignore, with reasons, what they cannot use, and never throw', () => {
    const link = decodeLessonLink('?view=lessons&step=0&step=3&hide=loss,steps&act=sigmoid&x=%E0');
    expect(link.step).toBe(0);
    expect(link.hide).toEqual(['steps']);
    expect(link.ignored).toEqual([
      { key: 'step', value: '0', reason: `expected a step from 1 to ${LESSONS.length}` },
      { key: 'step', value: '3', reason: 'repeated key; the first value was used' },
      { key: 'hide', value: 'loss', reason: 'expected steps or views' },
      { key: 'act', value: 'sigmoid', reason: 'not a lessons key' },
      { key: 'x', value: '%E0', reason: 'not a lessons key' },
    ]);
    expect(decodeLessonLink('?view=lessons&step=2.5e1').ignored[0]?.reason).toMatch(/expected/);
    expect(decodeLessonLink('?view=lessons&step=%3Cb%3E').ignored[0]?.value).toBe('<b>');
  });
});

describe('lesson progress', () => {
  it('keeps only predictions and observations that name a lesson’s own choices', () => {
    const stored = {
      'int-labels-cce': { predicted: 'rejects', observed: 'rejects' },
      'from-logits': { predicted: 'trains', observed: '<script>' },
      'no-such-lesson': { predicted: 'x' },
      'abs-kl': 'nonsense',
    };
    const progress = parseLessonProgress(stored);
    expect(progress).toEqual({
      'int-labels-cce': { predicted: 'rejects', observed: 'rejects' },
      'from-logits': { predicted: 'trains' },
    });
    expect(lessonsDone(progress)).toBe(1);
    expect(parseLessonProgress('oops')).toEqual({});
    expect(parseLessonProgress(null)).toEqual({});
  });
});
