// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeConfig } from '../core';
import type { AppStore } from '../store';
import { createFakeWorker } from '../store/testing';
import { INITIAL_TRAINING } from '../store/trainingReducer';
import { ConfigPanel } from './ConfigPanel';
import { LinkNotices } from './LinkNotices';
import { PresetsPanel } from './PresetsPanel';
import { StoreContext } from './storeContext';
import { statusText } from './TrainingPanel';
import { VerdictPanel } from './VerdictPanel';

afterEach(cleanup);

function renderWith(store: AppStore, ui: ReactNode) {
  return render(<StoreContext.Provider value={store}>{ui}</StoreContext.Provider>);
}

describe('NumberField (through ConfigPanel)', () => {
  it('commits valid numbers and keeps invalid text without touching the config', () => {
    const { store } = createFakeWorker();
    renderWith(store, <ConfigPanel />);
    const epochs = screen.getByLabelText('Epochs');
    fireEvent.change(epochs, { target: { value: '12' } });
    expect(store.getState().config.epochs).toBe(12);
    fireEvent.change(epochs, { target: { value: '0.' } });
    expect(epochs).toHaveProperty('value', '0.');
    expect(epochs.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('outside 1–100; keeping 12')).toBeTruthy();
    expect(store.getState().config.epochs).toBe(12);
    // Leaving the field keeps what was typed and why it is not used (no silent revert).
    fireEvent.blur(epochs);
    expect(epochs).toHaveProperty('value', '0.');
    expect(screen.getByText('outside 1–100; keeping 12')).toBeTruthy();
    fireEvent.change(epochs, { target: { value: '7' } });
    fireEvent.blur(epochs);
    expect(epochs).toHaveProperty('value', '7');
    expect(epochs.getAttribute('aria-invalid')).toBe('false');
  });

  it('an invalid learning rate stays in its field with the reason after blur', () => {
    const { store } = createFakeWorker();
    renderWith(store, <ConfigPanel />);
    const lr = screen.getByLabelText('Learning rate');
    fireEvent.change(lr, { target: { value: 'abc' } });
    fireEvent.blur(lr);
    expect(lr).toHaveProperty('value', 'abc');
    expect(lr.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText(/keeping 0\.001$/)).toBeTruthy();
    expect(store.getState().config.learningRate).toBe(0.001);
  });

  it('enforces train + test ≤ 10,000', () => {
    const { store } = createFakeWorker();
    renderWith(store, <ConfigPanel />);
    fireEvent.change(screen.getByLabelText('Training digits'), { target: { value: '9500' } });
    expect(screen.getByText(/outside 1–9000/)).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Training digits'), { target: { value: '9000' } });
    expect(store.getState().config.trainSize).toBe(9000);
    fireEvent.change(screen.getByLabelText('Test digits'), { target: { value: '1001' } });
    expect(screen.getByText('train + test must be at most 10,000; keeping 1000')).toBeTruthy();
    expect(store.getState().config.testSize).toBe(1000);
  });

  it('hides the controls a lesson link hides, until asked', () => {
    const { store } = createFakeWorker();
    store.getState().loadLink(decodeConfig('hide=loss,seed'));
    renderWith(store, <ConfigPanel />);
    expect(screen.queryByLabelText('Loss')).toBeNull();
    expect(screen.queryByLabelText('Seed')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Show all controls' }));
    expect(screen.getByLabelText('Loss')).toBeTruthy();
  });

  it('ties each control to its help text', () => {
    const { store } = createFakeWorker();
    renderWith(store, <ConfigPanel />);
    const select = screen.getByLabelText('Output activation');
    const help = document.getElementById(select.getAttribute('aria-describedby')!);
    expect(help?.textContent).toMatch(/softmax: probabilities that sum to 1/);
  });
});

describe('VerdictPanel', () => {
  it("shows Keras' error and applies the fix in one click", () => {
    const { store } = createFakeWorker();
    store.getState().applyPreset('error-onehot-scce');
    renderWith(store, <VerdictPanel />);
    expect(screen.getByTestId('verdict').dataset.level).toBe('error');
    expect(screen.getByTestId('keras-error').textContent).toContain('target.ndim - 1');
    expect(store.getState().config.labels).toBe('onehot');
    act(() => {
      fireEvent.click(screen.getAllByRole('button', { name: /^Use / })[0]!);
    });
    expect(screen.getByTestId('verdict').dataset.level).not.toBe('error');
  });

  it("says what 'accuracy' becomes and contrasts the other semantics", () => {
    const { store } = createFakeWorker();
    store.getState().applyPreset('int-sigmoid-scce');
    renderWith(store, <VerdictPanel />);
    expect(screen.getByTestId('resolved-metric').textContent).toContain(
      'sparse_categorical_accuracy',
    );
    expect(screen.getByTestId('semantics-contrast').textContent).toContain('JAX / PyTorch');
    act(() => {
      fireEvent.click(screen.getByRole('button', { name: /Switch to semantics=plain/ }));
    });
    expect(store.getState().config.semantics).toBe('plain');
  });

  it('says in plain words which numbers the loss reads, before the formula', () => {
    const { store } = createFakeWorker();
    store.getState().applyPreset('int-sigmoid-scce');
    renderWith(store, <VerdictPanel />);
    const plain = screen.getByTestId('formula-plain');
    expect(plain.textContent).toMatch(/^Of the scores before the sigmoid/);
    // The words come first, the symbols after.
    expect(plain.nextElementSibling).toBe(screen.getByTestId('formula'));
    act(() => store.getState().setConfig({ activation: 'linear', fromLogits: true }));
    expect(screen.getByTestId('formula-plain').textContent).toMatch(/^Of the raw outputs/);
    act(() => store.getState().setConfig({ fromLogits: false }));
    expect(screen.getByTestId('formula-plain').textContent).toMatch(/read as probabilities/);
  });
});

describe('VerdictPanel lab link', () => {
  it('opens the loss lab with an example in the current label encoding', () => {
    const { store } = createFakeWorker();
    store.getState().applyPreset('multilabel-softmax-cce');
    renderWith(store, <VerdictPanel />);
    const link = screen.getByRole('link', { name: 'Open in the loss lab' });
    expect(link.getAttribute('href')).toMatch(/^\?view=lab&logits=.*&enc=multihot&label=3,7$/);
    expect(link.getAttribute('target')).toBe('_blank');
    act(() => store.getState().applyPreset('int-softmax-scce'));
    expect(link.getAttribute('href')).toMatch(/&enc=int&label=3$/);
  });
});

describe('LinkNotices', () => {
  it('shows hostile values as text', () => {
    const { store } = createFakeWorker();
    store.getState().loadLink(decodeConfig('act=<img src=x onerror=alert(1)>'));
    const { container } = renderWith(store, <LinkNotices />);
    expect(container.querySelector('img')).toBeNull();
    expect(container.textContent).toContain('<img src=x onerror=alert(1)>');
  });
});

describe('statusText', () => {
  it('is coarse: epochs, not batches', () => {
    const progress = {
      epoch: 2,
      epochs: 5,
      batch: 40,
      batches: 94,
      seen: 0,
      elapsedMs: 0,
      loss: 1,
      metric: 0.5,
    };
    expect(statusText({ ...INITIAL_TRAINING, status: 'running', progress })).toBe(
      'Training: epoch 2 of 5.',
    );
    expect(statusText({ ...INITIAL_TRAINING, status: 'paused', progress })).toBe(
      'Paused in epoch 2 of 5.',
    );
    expect(statusText(INITIAL_TRAINING)).toBe('Ready to train.');
    // An autorun link in a fresh browser says it will start by itself once the worker is ready.
    expect(statusText(INITIAL_TRAINING, 'starting', true)).toMatch(
      /^Waiting for the training worker… This link trains by itself/,
    );
    expect(statusText(INITIAL_TRAINING, 'starting')).toBe('Waiting for the training worker…');
  });
});

describe('PresetsPanel', () => {
  it('is one Tab stop: the marked experiment; arrows, Home and End move between experiments', () => {
    const { store } = createFakeWorker();
    renderWith(store, <PresetsPanel />);
    const toolbar = screen.getByRole('toolbar', { name: 'Classic experiments' });
    const buttons = within(toolbar).getAllByRole('button');
    const stops = buttons.filter((b) => b.tabIndex === 0);
    expect(stops).toHaveLength(1);
    // The default configuration is the one-hot softmax experiment: it is the stop.
    expect(stops[0]?.getAttribute('aria-pressed')).toBe('true');
    const at = buttons.indexOf(stops[0]!);
    stops[0]!.focus();
    fireEvent.keyDown(stops[0]!, { key: 'ArrowRight' });
    expect(document.activeElement).toBe(buttons[at + 1]);
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowUp' });
    expect(document.activeElement).toBe(buttons[at]);
    fireEvent.keyDown(document.activeElement!, { key: 'End' });
    expect(document.activeElement).toBe(buttons.at(-1));
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(buttons.at(-1));
    fireEvent.keyDown(document.activeElement!, { key: 'Home' });
    expect(document.activeElement).toBe(buttons[0]);
    // Choosing another experiment makes it the stop.
    fireEvent.click(buttons[0]!);
    expect(buttons.filter((b) => b.tabIndex === 0)).toEqual([buttons[0]]);
  });
});
