// @vitest-environment jsdom
import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type RunConfig } from '../core';
import { createFakeWorker } from '../store/testing';
import { sharedWithTrainer } from '../store/gridSlice';
import { ConfigPanel } from './ConfigPanel';
import { StoreContext } from './storeContext';

afterEach(cleanup);

/** The panel's groups and their controls (`data-control`, the link key), as rendered. */
function layout(patch: Partial<RunConfig>) {
  const { store } = createFakeWorker();
  store.getState().setConfig(patch);
  const { container } = render(
    <StoreContext.Provider value={store}>
      <ConfigPanel />
    </StoreContext.Provider>,
  );
  return [...container.querySelectorAll('fieldset')].map((set) => [
    set.querySelector('legend')?.textContent,
    [...set.querySelectorAll('[data-control]')].map((el) => el.getAttribute('data-control')),
  ]);
}

describe('ConfigPanel from the field table', () => {
  it('groups and orders the controls as the table places them', () => {
    expect(layout({})).toEqual([
      ['Output and loss', ['act', 'loss', 'from_logits']],
      ['Labels and metric', ['task', 'labels', 'metric', 'semantics']],
      ['Model and optimizer', ['model', 'units', 'opt', 'lr']],
      ['Data and run', ['batch', 'epochs', 'train', 'test', 'seed', 'backend']],
    ]);
  });

  it("shows a field only where it applies: the binary question, MLP units, SGD's momentum", () => {
    const [, labels, model] = layout({ task: 'binary', model: 'cnn', optimizer: 'sgd' });
    expect(labels?.[1]).toEqual(['task', 'target', 'outputs', 'labels', 'metric', 'semantics']);
    expect(model?.[1]).toEqual(['model', 'opt', 'lr', 'momentum']);
  });
});

describe("the grid's share of the trainer's settings", () => {
  it("takes the run's settings (model, optimizer, data and run groups), not the question", () => {
    const trainer: RunConfig = {
      ...DEFAULT_CONFIG,
      activation: 'sigmoid',
      loss: 'binary_crossentropy',
      model: 'cnn',
      optimizer: 'sgd',
      momentum: 0.9,
      epochs: 2,
      backend: 'cpu',
    };
    const patch = sharedWithTrainer(trainer, { base: DEFAULT_CONFIG, axes: {} });
    expect(patch).toEqual({
      model: 'cnn',
      optimizer: 'sgd',
      momentum: 0.9,
      epochs: 2,
      backend: 'cpu',
    });
  });
});
