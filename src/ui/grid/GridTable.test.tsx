// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_CONFIG,
  RECORD_VERSION,
  buildTable,
  getGridPreset,
  gridFromPreset,
  planGrid,
  type RunRecord,
} from '../../core';
import { GridTable } from './GridTable';
import { HeatMaps } from './HeatMaps';

afterEach(cleanup);

const spec = gridFromPreset(getGridPreset('classic')!, { ...DEFAULT_CONFIG, epochs: 1 });
const cells = planGrid(spec);
const trained = cells.filter((c) => !c.skip).slice(0, 2);
const runs = new Map(
  trained.map((c, i): [string, RunRecord] => [
    c.id,
    {
      version: RECORD_VERSION,
      id: `r${i}`,
      name: c.id,
      createdAt: i,
      config: c.config,
      metricKey: 'accuracy',
      reason: 'completed',
      history: [
        {
          epoch: 1,
          epochs: 1,
          steps: 1,
          loss: 1 - i / 10,
          metric: 0.5,
          valLoss: 1,
          valMetric: 0.6 + i / 10,
          epochMs: 1,
          msPerStep: 1,
        },
      ],
      confusion: [],
      testAccuracy: 0.6,
      totalMs: 1000,
      backend: 'cpu',
    },
  ]),
);
const rows = buildTable(cells, runs);

describe('GridTable', () => {
  it("shows Keras' message in place of numbers for rejected cells", () => {
    render(<GridTable rows={rows} spec={spec} selected={null} onSelect={() => undefined} />);
    const errors = screen.getAllByTestId('keras-error');
    expect(errors).toHaveLength(9);
    expect(errors[0]!.textContent).toMatch(
      /^Arguments `target` and `output` must have the same rank/,
    );
  });

  it('sorts by the validation metric, best first, rows not run last', () => {
    render(<GridTable rows={rows} spec={spec} selected={null} onSelect={() => undefined} />);
    const valHeader = screen.getByRole('button', { name: 'val accuracy' });
    fireEvent.click(valHeader);
    fireEvent.click(valHeader);
    const first = screen.getAllByTestId('grid-row')[0]!;
    expect(first.getAttribute('data-cell')).toBe(trained[1]!.id);
    expect(within(first).getByTestId('val-metric').textContent).toBe('0.7000');
    expect(screen.getAllByRole('columnheader')[0]!.getAttribute('aria-sort')).toBe('none');
  });

  it('"show only what differs" hides constant dimensions', () => {
    const intSoftmax = rows.filter(
      (r) => r.values.labels === 'int' && r.values.activation === 'softmax',
    );
    render(<GridTable rows={intSoftmax} spec={spec} selected={null} onSelect={() => undefined} />);
    expect(screen.queryByRole('button', { name: 'labels' })).toBeNull();
    expect(screen.getByRole('button', { name: 'loss' })).toBeTruthy();
    fireEvent.click(screen.getByLabelText(/show only/));
    expect(screen.getByRole('button', { name: 'labels' })).toBeTruthy();
  });
});

describe('HeatMaps', () => {
  it('one activation × loss map per label encoding; a click selects the cell', () => {
    let selected = '';
    render(<HeatMaps rows={rows} selected={null} onSelect={(id) => (selected = id)} />);
    const tables = screen.getAllByRole('table');
    expect(tables).toHaveLength(2);
    expect(tables[0]!.querySelector('caption')!.textContent).toMatch(/^labels=int/);
    fireEvent.click(within(tables[0]!).getByRole('button', { name: '60.0%' }));
    expect(selected).toBe(trained[0]!.id);
  });
});

describe('a binary grid', () => {
  const posSpec = gridFromPreset(getGridPreset('pos-weight')!, { ...DEFAULT_CONFIG, epochs: 1 });
  const posCells = planGrid(posSpec);
  const scores = (recall: number) => ({ precision: 1 - recall, recall, auc: 0.9 });
  const posRuns = new Map(
    posCells.map((c, i): [string, RunRecord] => {
      const record = runs.values().next().value as RunRecord;
      const epoch = record.history[0]!;
      return [
        c.id,
        {
          ...record,
          id: `p${i}`,
          config: c.config,
          history: [{ ...epoch, binary: { train: scores(0), val: scores(0.2 + i / 10) } }],
        },
      ];
    }),
  );
  const posRows = buildTable(posCells, posRuns);

  it('lists the final val_precision, val_recall and val_auc', () => {
    render(<GridTable rows={posRows} spec={posSpec} selected={null} onSelect={() => undefined} />);
    expect(screen.getAllByTestId('val_recall').map((c) => c.textContent)).toEqual([
      '0.2000',
      '0.3000',
      '0.4000',
      '0.5000',
      '0.6000',
    ]);
    expect(screen.getByRole('button', { name: 'val_precision' })).toBeTruthy();
  });

  it('shades recall down the swept pos_weight when asked', () => {
    render(<HeatMaps rows={posRows} selected={null} onSelect={() => undefined} />);
    const tables = screen.getAllByRole('table');
    expect(tables).toHaveLength(1);
    fireEvent.change(screen.getByTestId('heat-choice'), { target: { value: 'val_recall' } });
    expect(tables[0]!.querySelector('caption')!.textContent).toMatch(
      /val_recall, pos_weight × loss/,
    );
    expect(
      within(tables[0]!)
        .getAllByRole('button')
        .map((b) => b.textContent),
    ).toEqual(['20.0%', '30.0%', '40.0%', '50.0%', '60.0%']);
  });
});
