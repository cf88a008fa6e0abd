import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from './config';
import { checkConfig } from './keras';
import { PRESETS, PRESET_GROUPS, applyPreset, findPreset, getPreset } from './presets';

describe('presets', () => {
  it('have unique ids and cover every group', () => {
    expect(new Set(PRESETS.map((p) => p.id)).size).toBe(PRESETS.length);
    for (const group of PRESET_GROUPS) {
      expect(PRESETS.some((p) => p.group === group)).toBe(true);
    }
  });

  it('each combination is distinct, so findPreset finds exactly the one applied', () => {
    for (const preset of PRESETS) {
      const config = applyPreset(DEFAULT_CONFIG, preset);
      expect(findPreset(config)?.id).toBe(preset.id);
    }
  });

  it('change only the loss-related choices, never sizes, seed, model or backend', () => {
    const custom = {
      ...DEFAULT_CONFIG,
      trainSize: 300,
      testSize: 100,
      epochs: 2,
      seed: 7,
      model: 'cnn' as const,
      backend: 'wasm' as const,
      semantics: 'plain' as const,
    };
    const applied = applyPreset(custom, getPreset('int-sigmoid-scce')!);
    expect(applied).toEqual({
      ...custom,
      activation: 'sigmoid',
      loss: 'sparse_categorical_crossentropy',
      labels: 'int',
      fromLogits: false,
      metric: 'accuracy',
    });
  });

  it('include the classic experiments the lesson plan names', () => {
    const ids = PRESETS.map((p) => p.id);
    for (const id of [
      'int-softmax-scce',
      'int-sigmoid-scce',
      'int-linear-scce-logits',
      'onehot-softmax-cce',
      'onehot-sigmoid-cce',
      'onehot-linear-cce-logits',
      'error-int-bce',
      'error-int-cce',
      'error-onehot-scce',
      'onehot-sigmoid-bce',
    ]) {
      expect(ids).toContain(id);
    }
    // Only linear outputs set from_logits; the one linear preset without it is the binary
    // task's lesson on raw scores read as probabilities.
    for (const preset of PRESETS) {
      const rawAsProbabilities = preset.id === 'binary-linear-bce';
      expect(preset.choice.fromLogits).toBe(
        preset.choice.activation === 'linear' && !rawAsProbabilities,
      );
    }
  });

  it('the default configuration is the softmax + CCE preset', () => {
    expect(findPreset(DEFAULT_CONFIG)?.id).toBe('onehot-softmax-cce');
    expect(findPreset({ ...DEFAULT_CONFIG, metric: 'binary_accuracy' })).toBeUndefined();
  });

  it('the multi-label presets: sigmoid + BCE is clean, the softmax ones say why softmax fails', () => {
    const verdict = (id: string) => checkConfig(applyPreset(DEFAULT_CONFIG, getPreset(id)!));
    const good = verdict('multilabel-sigmoid-bce');
    expect(good.level).toBe('ok');
    for (const id of ['multilabel-softmax-cce', 'multilabel-softmax-bce']) {
      const bad = verdict(id);
      expect(bad.level).toBe('warning');
      const softmax = bad.findings.find((f) => f.code === 'softmax_multilabel');
      expect(softmax?.explanation).toMatch(/add up to 1/);
      expect(softmax?.explanation).toMatch(/at most 0\.5/);
      expect(softmax?.suggestedFix?.patch).toMatchObject({ activation: 'sigmoid' });
    }
    const cce = verdict('multilabel-softmax-cce');
    expect(cce.findings.map((f) => f.code)).toContain('cce_multihot');
    for (const preset of PRESETS.filter((p) => p.group === 'multilabel')) {
      expect(preset.choice).toMatchObject({ task: 'multilabel', labels: 'multihot' });
    }
  });

  it.each(PRESETS.map((p) => [p.id, p] as const))(
    '%s: the verdict agrees with what the preset promises',
    (_id, preset) => {
      for (const semantics of ['tf', 'plain'] as const) {
        const verdict = checkConfig({ ...applyPreset(DEFAULT_CONFIG, preset), semantics });
        const raises =
          preset.expect === 'keras-error' || (preset.expect === 'tf-error' && semantics === 'tf');
        expect(verdict.level === 'error').toBe(raises);
      }
    },
  );
});
