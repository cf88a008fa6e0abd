import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../config';
import { csvField, gridTableCsv, gridTableMarkdown, historiesCsv, toCsv } from './export';
import { parseExport, toExportJson } from './exportFile';
import { getGridPreset, gridFromPreset } from './presets';
import { RECORD_VERSION, type GridRecord, type RunRecord } from './records';
import { GRID_DIMENSIONS, listedDimensions, planGrid } from './spec';
import { buildTable } from './table';

const spec = gridFromPreset(getGridPreset('classic')!, { ...DEFAULT_CONFIG, epochs: 1 });
const cells = planGrid(spec);
const dims = listedDimensions(spec);
const softmax = cells.find(
  (c) => c.config.labels === 'int' && c.config.activation === 'softmax' && !c.skip,
)!;

const run: RunRecord = {
  version: RECORD_VERSION,
  id: 'r1',
  name: '=softmax, "int"',
  createdAt: 1_700_000_000_000,
  config: softmax.config,
  metricKey: 'accuracy',
  reason: 'completed',
  history: [
    {
      epoch: 1,
      epochs: 1,
      steps: 6,
      loss: 0.5,
      metric: 0.875,
      valLoss: NaN,
      valMetric: 0.9,
      epochMs: 120,
      msPerStep: 20,
    },
  ],
  confusion: [[1]],
  testAccuracy: 0.9,
  totalMs: 2500,
  backend: 'cpu',
  grid: { id: 'g1', cellId: softmax.id },
};
const grid: GridRecord = {
  version: RECORD_VERSION,
  id: 'g1',
  name: 'classic',
  createdAt: 1,
  updatedAt: 2,
  spec,
  runs: { [softmax.id]: 'r1' },
  status: 'running',
};
const rows = buildTable(cells, new Map([[softmax.id, run]]));

describe('csvField', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=SUM(A1)', "'=SUM(A1)"],
    ['-1+2', "'-1+2"],
    ['@x', "'@x"],
    [0.1, '0.1'],
    [-0.25, '-0.25'],
    [NaN, ''],
    [Infinity, ''],
    [true, 'true'],
    [undefined, ''],
  ] as const)('%j → %s', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  it('joins lines with CRLF and ends with one', () => {
    expect(toCsv(['a', 'b'], [[1, 'x,y']])).toBe('a,b\r\n1,"x,y"\r\n');
  });
});

describe('gridTableCsv', () => {
  const csv = gridTableCsv(rows, dims);
  const lines = csv.trimEnd().split('\r\n');

  it('has a header naming the dimensions and the metric', () => {
    expect(lines[0]).toBe(
      'cell,labels,act,loss,from_logits,verdict,keras_error,status,final_loss,final_accuracy,final_val_loss,final_val_accuracy,epochs,seconds,data',
    );
    expect(lines).toHaveLength(19);
  });

  it("writes Keras' message, quoted, on error cells and no numbers", () => {
    const line = lines[1]!;
    expect(line).toContain(
      'labels=int;act=linear;loss=binary_crossentropy;from_logits=true,int,linear,binary_crossentropy,true,error,' +
        '"Arguments `target` and `output` must have the same rank (ndim). Received: target.shape=(None,), output.shape=(None, 10)",skipped,,,,,,,mnist',
    );
  });

  it('writes the final numbers of a finished cell in full precision', () => {
    const line = lines.find((l) => l.startsWith(softmax.id))!;
    expect(line.endsWith(',ok,,done,0.5,0.875,,0.9,1,2.5,mnist')).toBe(true);
  });
});

describe('column names', () => {
  // Every dimension a grid may sweep, the loss and the metric among them, with metrics whose
  // history keys differ (so the number columns are called `…metric`).
  const everything = planGrid({
    base: { ...DEFAULT_CONFIG, epochs: 1 },
    axes: Object.fromEntries(
      GRID_DIMENSIONS.map((d) => [
        d,
        d === 'metric' ? ['accuracy', 'categorical_accuracy'] : [DEFAULT_CONFIG[d]],
      ]),
    ),
  });
  const all = buildTable(everything, new Map());
  const unique = (names: readonly string[]) => expect(new Set(names).size).toBe(names.length);

  it('are all different in the CSV, whatever the grid sweeps', () => {
    const header = gridTableCsv(all, GRID_DIMENSIONS).split('\r\n')[0]!.split(',');
    expect(header).toContain('metric');
    expect(header).toContain('final_metric');
    unique(header);
  });

  it('are all different in the Markdown table, whatever the grid sweeps', () => {
    const header = gridTableMarkdown(all, GRID_DIMENSIONS).split('\n')[0]!;
    unique(
      header
        .split('|')
        .map((c) => c.trim())
        .filter(Boolean),
    );
  });
});

describe('historiesCsv', () => {
  it('one line per run and epoch', () => {
    expect(historiesCsv([run])).toBe(
      'run_id,name,cell,metric_key,epoch,loss,metric,val_loss,val_metric,epoch_ms,data\r\n' +
        `r1,"'=softmax, ""int""",${softmax.id},accuracy,1,0.5,0.875,,0.9,120,mnist\r\n`,
    );
  });
});

describe('gridTableMarkdown', () => {
  const md = gridTableMarkdown(rows, dims);
  const lines = md.trimEnd().split('\n');

  it('is a table with a header, a rule and one line per cell', () => {
    expect(lines[0]).toBe(
      '| labels | act | loss | from_logits | verdict | final loss | final accuracy | final val_accuracy |',
    );
    expect(lines[1]).toBe('| --- | --- | --- | --- | --- | --- | --- | --- |');
    // Every column has its own name, so a Markdown reader can tell them apart.
    const names = lines[0]!.split('|').map((c) => c.trim());
    expect(new Set(names).size).toBe(names.length - 1);
    expect(lines).toHaveLength(20);
  });

  it('shows the Keras error in place of numbers, and 4-decimal numbers otherwise', () => {
    expect(lines[2]).toContain('| error: Arguments `target` and `output` must have the same rank');
    expect(md).toContain(
      '| int | softmax | sparse_categorical_crossentropy | false | ok | 0.5000 | 0.8750 | 0.9000 |',
    );
  });

  it('escapes pipes and flattens newlines', () => {
    const odd = [{ ...rows[0]!, values: { labels: 'a|b\nc' as never } }];
    expect(gridTableMarkdown(odd, ['labels'])).toContain('| a\\|b c |');
  });
});

describe('JSON export', () => {
  it('round-trips, NaN through null', () => {
    const text = toExportJson([grid], [run], new Date(0));
    expect(JSON.parse(text)).toMatchObject({
      format: 'losslab-export',
      version: 2,
      exportedAt: '1970-01-01T00:00:00.000Z',
    });
    expect(text).toContain('"valLoss": null');
    const back = parseExport(text);
    expect(back.problems).toEqual([]);
    expect(back.grids).toEqual([grid]);
    expect(back.runs).toEqual([run]);
  });

  it.each([
    ['{', 'not JSON'],
    ['{"format":"other"}', 'not a LossLab export of a version this page reads'],
    ['null', 'not a LossLab export of a version this page reads'],
  ])('rejects %s', (text, problem) => {
    expect(parseExport(text)).toEqual({ grids: [], runs: [], problems: [problem] });
  });

  it('skips and reports an invalid record, keeping the others', () => {
    const broken = { ...run, id: 'r2', config: { ...run.config, activation: 'tanh' } };
    const text = JSON.stringify({
      format: 'losslab-export',
      version: 1,
      grids: [],
      runs: [run, broken],
    });
    const back = parseExport(text);
    expect(back.runs.map((r) => r.id)).toEqual(['r1']);
    expect(back.problems).toEqual([expect.stringMatching(/^run skipped: config\.activation: /)]);
  });
});
