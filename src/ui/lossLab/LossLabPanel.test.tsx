// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeWorker } from '../../store/testing';
import { CodeExportPanel } from '../codeExport/CodeExportPanel';
import { StoreContext } from '../storeContext';
import { LossLabPanel } from './LossLabPanel';

afterEach(cleanup);

/** A table cell by what it is (its name ends with that, after the value it shows). */
const cell = (name: string) => screen.getByLabelText(`: ${name}`, { exact: false });

describe('LossLabPanel', () => {
  it('opens on the linked preset and shows the exact and clipped cross-entropies', () => {
    render(<LossLabPanel initialSearch="?view=lab&preset=extreme" syncUrl={false} />);
    const exact = cell('categorical_crossentropy, from_logits=False, softmax, tf');
    const clipped = cell('categorical_crossentropy, from_logits=False, softmax, plain');
    expect(exact.textContent).toBe('130');
    expect(clipped.textContent).toBe('16.118');
    // The accessible name starts with what the cell shows (WCAG 2.5.3).
    expect(exact.getAttribute('aria-label')).toBe(
      '130: categorical_crossentropy, from_logits=False, softmax, tf',
    );
    fireEvent.click(clipped);
    expect(screen.getByTestId('lab-details').textContent).toContain('clip(·, ε, 1−ε)');
  });

  it("shows the selected cell's gradient per logit, zero where the probability path clipped", () => {
    render(<LossLabPanel initialSearch="?view=lab&preset=extreme" syncUrl={false} />);
    const bars = () => within(screen.getByTestId('gradient-bars')).getAllByRole('listitem');
    // TensorFlow reads the cached logits: p − y, the true class (8) raised by 1.
    expect(bars()[8]?.textContent).toMatch(/z8 \(label\).*-1 ↑ raised/);
    expect(bars()[3]?.textContent).toContain('1 ↓ lowered');
    fireEvent.click(cell('categorical_crossentropy, from_logits=False, softmax, plain'));
    expect(bars().every((li) => li.textContent?.endsWith('0 no gradient'))).toBe(true);
    expect(screen.getByTestId('gradient-note').textContent).toContain(
      'All 10 logits get exactly 0',
    );
  });

  it('shows Keras errors in cells and recomputes when the label changes', () => {
    render(
      <LossLabPanel initialSearch="?view=lab&logits=2,1,0.1&enc=onehot&label=0" syncUrl={false} />,
    );
    const sparse = cell('sparse_categorical_crossentropy, from_logits=False, softmax, tf');
    expect(sparse.textContent).toBe('ValueError');
    fireEvent.change(screen.getByLabelText('Label encoding'), { target: { value: 'int' } });
    expect(sparse.textContent).toBe('0.41703');
    fireEvent.change(screen.getByLabelText('Class'), { target: { value: '7' } });
    expect(screen.getByText(/Label: class ids must be integers from 0 to 2/)).toBeTruthy();
  });

  it("takes one logit, the binary task's single unit, with a 0/1 label", () => {
    render(<LossLabPanel initialSearch="?view=lab&preset=binary-one-unit" syncUrl={false} />);
    // A softmax over one unit: TensorFlow reads its cached logit, JAX the clipped 1.
    expect(cell('binary_crossentropy, from_logits=False, sigmoid, tf').textContent).toBe('1.7014');
    // ⚠: Keras warns that a softmax over one unit is always 1.
    expect(cell('binary_crossentropy, from_logits=False, softmax, tf').textContent).toBe(
      '1.7014 ⚠',
    );
    expect(cell('binary_crossentropy, from_logits=False, softmax, plain').textContent).toBe(
      '15.942 ⚠',
    );
    fireEvent.click(cell('binary_crossentropy, from_logits=False, sigmoid, tf'));
    const bars = within(screen.getByTestId('gradient-bars')).getAllByRole('listitem');
    expect(bars).toHaveLength(1);
    // σ(1.5) − 0: the one unit is lowered.
    expect(bars[0]?.textContent).toMatch(/0\.8176 ↓ lowered/);
    fireEvent.change(screen.getByLabelText('Class (0 no, 1 yes)'), { target: { value: '2' } });
    expect(screen.getByText(/Label: class ids must be integers from 0 to 1/)).toBeTruthy();
  });

  it('always shows what its fields say: the class is checked against the logits typed now', () => {
    render(<LossLabPanel initialSearch="?view=lab&preset=extreme" syncUrl={false} />);
    const yTrue = () => screen.getByTestId('lab-activated').textContent ?? '';
    expect(yTrue()).toMatch(/^y_true = \[0, 0, 0, 0, 0, 0, 0, 0, 1, 0\]/);
    // Three logits cannot have class 8: the page says so and which example the table still shows.
    fireEvent.change(screen.getByTestId('lab-logits'), { target: { value: '2, 1, 0.1' } });
    expect(screen.getByTestId('lab-pending').textContent).toContain(
      'Label: class ids must be integers from 0 to 2',
    );
    expect(screen.getByTestId('lab-label').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByTestId('lab-pending').textContent).toContain('onehot class 8');
    // Class 0 completes the example: the table and y_true follow both fields at once.
    fireEvent.change(screen.getByTestId('lab-label'), { target: { value: '0' } });
    expect(screen.queryByTestId('lab-pending')).toBeNull();
    expect(yTrue()).toMatch(/^y_true = \[1, 0, 0\]/);
    expect(cell('categorical_crossentropy, from_logits=False, softmax, tf').textContent).toBe(
      '0.41703',
    );
    // Unreadable logits: only their problem is reported, and the last example stays shown.
    fireEvent.change(screen.getByTestId('lab-logits'), { target: { value: '2, 1,' } });
    expect(screen.getByTestId('lab-pending').textContent).toMatch(/^Logits: "" is not a number/);
    expect(screen.getByTestId('lab-pending').textContent).toContain('z = [2, 1, 0.1]');
    fireEvent.change(screen.getByTestId('lab-logits'), { target: { value: '2, 1, 0.1, 5' } });
    expect(yTrue()).toMatch(/^y_true = \[1, 0, 0, 0\]/);
  });

  it('lists ignored link parts as text', () => {
    render(<LossLabPanel initialSearch="?view=lab&logits=<b>x</b>" syncUrl={false} />);
    expect(screen.getByLabelText('Ignored link parts').textContent).toContain('<b>x</b>');
  });
});

describe('CodeExportPanel', () => {
  it('shows the current configuration as Keras, PyTorch and TF.js code', () => {
    const { store } = createFakeWorker();
    render(
      <StoreContext.Provider value={store}>
        <CodeExportPanel />
      </StoreContext.Provider>,
    );
    const block = screen.getByTestId('code-block');
    expect(block.textContent).toContain(
      'loss=keras.losses.CategoricalCrossentropy(from_logits=False)',
    );
    fireEvent.click(screen.getByRole('tab', { name: 'PyTorch' }));
    expect(block.textContent).toContain('nn.CrossEntropyLoss()');
    fireEvent.click(screen.getByRole('tab', { name: 'TF.js' }));
    expect(block.textContent).toContain("loss: 'categoricalCrossentropy'");
    expect(screen.getByTestId('code-notes').textContent).toContain('"acc"');
  });
});
