// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeWorker } from '../../store/testing';
import { LossLabPanel } from '../lossLab/LossLabPanel';
import { StoreContext } from '../storeContext';
import { FrameworkEquivalents } from './FrameworkEquivalents';
import { TrainerFrameworks } from './TrainerFrameworks';

afterEach(cleanup);

const rowOf = (code: RegExp) =>
  screen.getAllByRole('row').find((r) => code.test(r.textContent ?? '')) ?? null;

describe('FrameworkEquivalents', () => {
  it('shows the seed multi-label snippet at 10 × Keras’ binary cross-entropy, both numbers', () => {
    render(
      <FrameworkEquivalents
        config={{
          loss: 'binary_crossentropy',
          activation: 'sigmoid',
          fromLogits: false,
          semantics: 'tf',
        }}
        example={{
          logits: Array<number>(10).fill(0),
          label: { encoding: 'multihot', classes: [1] },
        }}
      />,
    );
    expect(screen.getByTestId('frameworks-keras').textContent).toBe('0.69315');
    const seed = rowOf(/reduce_sum/);
    expect(seed?.getAttribute('data-relation')).toBe('scaled');
    expect(seed?.textContent).toContain('6.9315');
    expect(seed?.textContent).toContain('10 × Keras');
    expect(seed?.textContent).toContain('sums over the classes where Keras averages');
    expect(rowOf(/BCEWithLogitsLoss/)?.textContent).toContain('= Keras');
  });

  it('marks a call that fails on the example and says why', () => {
    render(
      <FrameworkEquivalents
        config={{
          loss: 'binary_crossentropy',
          activation: 'linear',
          fromLogits: false,
          semantics: 'plain',
        }}
        example={{ logits: [2, -1, 0.5], label: { encoding: 'multihot', classes: [0] } }}
      />,
    );
    const bceLoss = rowOf(/nn\.BCELoss/);
    expect(bceLoss?.getAttribute('data-relation')).toBe('fails');
    expect(bceLoss?.textContent).toMatch(/must lie in \[0, 1\]/);
    expect(within(bceLoss as HTMLElement).getByText('—')).toBeTruthy();
  });

  it('follows the trainer’s configuration, and notes sampled softmax and NCE for the softmax family', () => {
    const { store } = createFakeWorker();
    render(
      <StoreContext.Provider value={store}>
        <TrainerFrameworks />
      </StoreContext.Provider>,
    );
    expect(rowOf(/tf\.nn\.softmax_cross_entropy_with_logits/)?.textContent).toContain('= Keras');
    expect(screen.getByText(/tf\.nn\.sampled_softmax_loss and tf\.nn\.nce_loss/)).toBeTruthy();
    act(() => {
      store.getState().setConfig({
        task: 'multilabel',
        loss: 'binary_crossentropy',
        activation: 'sigmoid',
        labels: 'multihot',
      });
    });
    expect(rowOf(/reduce_sum/)?.textContent).toContain('10 × Keras');
    expect(screen.queryByText(/sampled_softmax_loss/)).toBeNull();
  });
});

describe('the loss lab’s frameworks panel', () => {
  it('follows the selected cell: JAX’s clipped 16.1 against 130 from every framework call', () => {
    render(<LossLabPanel initialSearch="?view=lab&preset=extreme" syncUrl={false} />);
    const panel = () => screen.getByTestId('frameworks');
    expect(within(panel()).getByTestId('frameworks-keras').textContent).toBe('130');
    fireEvent.click(
      screen.getByLabelText(': categorical_crossentropy, from_logits=False, softmax, plain', {
        exact: false,
      }),
    );
    expect(within(panel()).getByTestId('frameworks-keras').textContent).toBe('16.118');
    const rows = within(panel()).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.getAttribute('data-relation'))).toEqual(Array(5).fill('differs'));
  });
});
