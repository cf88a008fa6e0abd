/**
 * Every behavioural claim a verdict finding makes (the loss turns into NaN, training stalls or
 * crawls, it trains like another configuration, the metric sits near chance or is inflated) is
 * what the trainer shows when that configuration trains on real digits: the claims are data on
 * the findings (`Finding.claims`), so this test enumerates them instead of trusting the prose.
 * Small seeded runs on the CPU backend, the size of a lesson's (1,000 digits, 3 epochs, 64 units).
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EpochRecord, Finding, RunClaim, RunConfig, RunResult } from '../core';
import {
  ACTIVATIONS,
  DEFAULT_CONFIG,
  LOSSES,
  METRICS,
  NUM_CLASSES,
  SEMANTICS,
  checkConfig,
} from '../core';
import { loadDigits } from '../test/mnistDigits';
import { RunControl } from './control';
import { trainToEnd } from '../test/trainToEnd';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const train = loadDigits(1_000, 0);
const test = loadDigits(200, 100);
const SMALL = {
  units: 64,
  epochs: 3,
  trainSize: train.count,
  testSize: test.count,
  backend: 'cpu',
} as const;

/** Below this final validation accuracy a run has stalled (the textbook pairing reaches ~0.75). */
const STALLED = 0.4;

/**
 * The single-label configurations the page offers: every activation, loss, from_logits, label
 * encoding and semantics with metrics=['accuracy'], and every metric on the textbook pairing.
 */
function configurations(): RunConfig[] {
  const out: RunConfig[] = [];
  for (const semantics of SEMANTICS)
    for (const activation of ACTIVATIONS)
      for (const fromLogits of [false, true])
        for (const loss of LOSSES)
          for (const labels of ['int', 'onehot'] as const)
            out.push({
              ...DEFAULT_CONFIG,
              ...SMALL,
              semantics,
              activation,
              fromLogits,
              loss,
              labels,
            });
  for (const metric of METRICS)
    for (const labels of ['int', 'onehot'] as const) {
      const loss =
        labels === 'int' ? 'sparse_categorical_crossentropy' : 'categorical_crossentropy';
      out.push({ ...DEFAULT_CONFIG, ...SMALL, loss, labels, metric });
    }
  return out;
}

interface Claimed {
  config: RunConfig;
  finding: Finding;
  claim: RunClaim;
}

function claimedBehaviour(): Claimed[] {
  const out: Claimed[] = [];
  for (const config of configurations()) {
    const verdict = checkConfig(config, { suggestFix: false });
    if (verdict.level === 'error') continue;
    for (const finding of verdict.findings)
      for (const claim of finding.claims ?? []) out.push({ config, finding, claim });
  }
  return out;
}

const runs = new Map<string, Promise<RunResult>>();

/** One seeded run per configuration, shared by every claim that needs it. */
function run(config: RunConfig): Promise<RunResult> {
  const key = JSON.stringify(config);
  let result = runs.get(key);
  if (!result) {
    result = trainToEnd({
      config,
      train,
      test,
      backend: 'cpu',
      control: new RunControl(),
      emit: () => undefined,
      throttleMs: 1e9,
    }).then((r) => r.result);
    runs.set(key, result);
  }
  return result;
}

function label({ config: k, finding, claim }: Claimed): string {
  return `${finding.code} ${claim.kind}: ${k.semantics}, ${k.activation} + ${k.loss}, ${k.labels} labels, from_logits=${k.fromLogits}, ${k.metric}`;
}

const last = (r: RunResult) => r.history.at(-1) as EpochRecord;

/** The run of the configuration with the finding's fix, the pairing a claim is measured against. */
async function fixedRun({ config, finding }: Claimed): Promise<RunResult> {
  const patch = finding.suggestedFix?.patch;
  if (!patch) throw new Error(`${finding.code} makes a relative claim but has no fix`);
  const fixed = { ...config, ...patch };
  expect(checkConfig(fixed, { suggestFix: false }).level, `${finding.code}'s fix`).not.toBe(
    'error',
  );
  return run(fixed);
}

async function check(c: Claimed): Promise<void> {
  const result = await run(c.config);
  const end = last(result);
  const where = label(c);
  switch (c.claim.kind) {
    case 'nan':
      expect(
        result.history.some((r) => Number.isNaN(r.loss)),
        where,
      ).toBe(true);
      return;
    case 'stalls': {
      const fixed = last(await fixedRun(c));
      expect(end.valMetric, where).toBeLessThan(STALLED);
      expect(end.valMetric, where).toBeLessThan(fixed.valMetric - 0.3);
      return;
    }
    case 'crawls': {
      const fixed = last(await fixedRun(c));
      expect(end.valMetric, where).toBeGreaterThanOrEqual(STALLED);
      expect(end.valMetric, where).toBeLessThan(fixed.valMetric - 0.03);
      return;
    }
    case 'trains_like': {
      const other = await run({ ...c.config, ...c.claim.patch });
      expect(result.history.length, where).toBe(other.history.length);
      result.history.forEach((r, i) => {
        const o = other.history[i] as EpochRecord;
        expect(r.loss, where).toBeCloseTo(o.loss, 3);
        expect(r.valLoss, where).toBeCloseTo(o.valLoss, 3);
      });
      expect(result.testAccuracy, where).toBeCloseTo(other.testAccuracy, 2);
      return;
    }
    case 'near_chance':
      // The model itself learned (arg-max accuracy), the metric did not notice.
      expect(result.testAccuracy, where).toBeGreaterThan(STALLED);
      expect(Math.abs(end.valMetric - 1 / NUM_CLASSES), where).toBeLessThan(0.1);
      return;
    case 'inflated':
      expect(end.valMetric, where).toBeGreaterThan(result.testAccuracy + 0.1);
      return;
  }
}

const claimed = claimedBehaviour();

describe('what the verdict says the run will show', () => {
  it('makes behavioural claims to check, of every kind but NaN', () => {
    const kinds = new Set(claimed.map((c) => c.claim.kind));
    expect([...kinds].sort()).toEqual(
      ['crawls', 'inflated', 'near_chance', 'stalls', 'trains_like'].sort(),
    );
  });

  it.each(claimed.map((c) => [label(c), c] as const))('%s', async (_, c) => check(c), 120_000);
});
