import { describe, expect, it } from 'vitest';
import { LABEL_ENCODINGS } from './config';
import {
  decodeLab,
  encodeLab,
  isLabLink,
  labExampleFor,
  labFieldsOf,
  labLinkFor,
  parseLabFields,
} from './labUrl';
import { computeLossLab } from './lossLab';
import { LAB_PRESETS } from './lossLabPresets';

describe('lab links', () => {
  it('recognises view=lab', () => {
    expect(isLabLink('?view=lab&preset=extreme')).toBe(true);
    expect(isLabLink('?act=softmax')).toBe(false);
    expect(isLabLink('?view=trainer')).toBe(false);
  });

  it('round-trips a preset and an edited example', () => {
    for (const preset of LAB_PRESETS) {
      const decoded = decodeLab(encodeLab(preset.example, preset.id));
      expect(decoded).toEqual({ example: preset.example, presetId: preset.id, ignored: [] });
    }
    const example = {
      logits: [1.5, -2, 1e-7, 30],
      label: { encoding: 'multihot' as const, classes: [0, 3] },
    };
    const link = encodeLab(example);
    expect(link).toBe('?view=lab&logits=1.5,-2,1e-7,30&enc=multihot&label=0,3');
    expect(decodeLab(link)).toEqual({ example, ignored: [] });
    const empty = { logits: [0.4, 0.6], label: { encoding: 'multihot' as const, classes: [] } };
    expect(decodeLab(encodeLab(empty)).example).toEqual(empty);
  });

  it('defaults to the first preset and ignores the trainer keys', () => {
    const first = LAB_PRESETS[0];
    expect(decodeLab('?view=lab&act=softmax&seed=3')).toEqual({
      example: first?.example,
      presetId: first?.id,
      ignored: [],
    });
  });

  it.each([
    ['logits=', 'logits', /1 to 20/],
    ['logits=1,abc', 'logits', /not a number/],
    ['logits=1,Infinity', 'logits', /not a number/],
    ['logits=1,0x10', 'logits', /not a number/],
    ['logits=1,1e5', 'logits', /±1000/],
    [`logits=${Array.from({ length: 21 }, () => '1').join(',')}`, 'logits', /1 to 20/],
    ['logits=1.5&enc=column&label=2', 'label', /0 to 1/],
    ['enc=softmax', 'enc', /one of int, onehot, multihot/],
    ['label=10', 'label', /0 to 9/],
    ['label=-1', 'label', /integers/],
    ['label=1,2', 'label', /exactly one class/],
    ['enc=multihot&label=1,1', 'label', /repeat/],
    ['preset=nope', 'preset', /unknown preset/],
    ['preset=extreme&preset=cross-activation', 'preset', /repeated/],
  ])('ignores %s with a reason, never throwing', (query, key, reason) => {
    const decoded = decodeLab(`?view=lab&${query}`);
    expect(decoded.ignored.map((i) => i.key)).toContain(key);
    expect(decoded.ignored.find((i) => i.key === key)?.reason).toMatch(reason);
    expect(decoded.example.logits.length).toBeGreaterThanOrEqual(1);
  });

  it("reads one logit, the binary task's single unit, with a 0/1 label", () => {
    const decoded = decodeLab('?view=lab&logits=1.5&enc=column&label=1');
    expect(decoded.ignored).toEqual([]);
    expect(decoded.example).toEqual({ logits: [1.5], label: { encoding: 'column', classes: [1] } });
  });

  it('keeps the label valid when the logits shrink under it', () => {
    const decoded = decodeLab('?view=lab&preset=extreme&logits=1,2,3');
    expect(decoded.example).toEqual({
      logits: [1, 2, 3],
      label: { encoding: 'onehot', classes: [0] },
    });
    expect(decoded.presetId).toBeUndefined();
  });

  it('echoes hostile values as short text', () => {
    const decoded = decodeLab(
      `?view=lab&logits=${encodeURIComponent('<script>' + 'x'.repeat(100))}`,
    );
    const value = decoded.ignored[0]?.value ?? '';
    expect(value.length).toBeLessThanOrEqual(61);
    expect(() => decodeLab('?view=lab&logits=%E0%A4%A')).not.toThrow();
  });

  it("links the trainer's label encoding to a lab example that the lab reads without notices", () => {
    for (const labels of LABEL_ENCODINGS) {
      const link = labLinkFor({ labels });
      expect(isLabLink(link)).toBe(true);
      const decoded = decodeLab(link);
      expect(decoded.ignored).toEqual([]);
      expect(decoded.example).toEqual(labExampleFor({ labels }));
      expect(decoded.example.label.encoding).toBe(labels);
      expect(decoded.example.logits).toHaveLength(10);
      expect(() => computeLossLab(decoded.example)).not.toThrow();
    }
    expect(labLinkFor({ labels: 'multihot' })).toBe(
      '?view=lab&logits=-1.2,0.3,-0.4,3.1,-2,0.8,-1.5,2.4,1.1,-0.6&enc=multihot&label=3,7',
    );
    expect(labLinkFor({ labels: 'int' })).toMatch(/&enc=int&label=3$/);
  });

  it('links the binary task to its one or two output units, answering yes', () => {
    for (const outputs of [1, 2])
      for (const labels of LABEL_ENCODINGS) {
        const config = { task: 'binary' as const, outputs, labels };
        const decoded = decodeLab(labLinkFor(config));
        expect(decoded.ignored).toEqual([]);
        expect(decoded.example).toEqual(labExampleFor(config));
        expect(decoded.example.logits).toHaveLength(outputs);
        expect(decoded.example.label.classes).toEqual([1]);
        expect(() => computeLossLab(decoded.example)).not.toThrow();
      }
    expect(labLinkFor({ task: 'binary', outputs: 1, labels: 'column' })).toBe(
      '?view=lab&logits=1.5&enc=column&label=1',
    );
  });
});

describe('the lab’s fields', () => {
  it('are read together: the class is checked against the logits typed now', () => {
    const fields = { logits: '2, 1, 0.1', encoding: 'onehot' as const, label: '8' };
    expect(parseLabFields(fields)).toEqual({
      ok: false,
      labelError: 'class ids must be integers from 0 to 2',
    });
    expect(parseLabFields({ ...fields, label: ' 0 ' })).toEqual({
      ok: true,
      example: { logits: [2, 1, 0.1], label: { encoding: 'onehot', classes: [0] } },
    });
  });

  it('report only the logits while they are unreadable (the class range depends on them)', () => {
    expect(parseLabFields({ logits: '2, 1,', encoding: 'int', label: '9' })).toEqual({
      ok: false,
      logitsError: '"" is not a number',
    });
  });

  it('round-trip every preset', () => {
    for (const preset of LAB_PRESETS) {
      expect(parseLabFields(labFieldsOf(preset.example))).toEqual({
        ok: true,
        example: preset.example,
      });
    }
  });
});
