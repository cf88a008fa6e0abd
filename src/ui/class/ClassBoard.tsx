import { useMemo, useState } from 'react';
import {
  boardRows,
  classCsv,
  classGridJson,
  classGridRows,
  planSweep,
  type BoardRow,
} from '../../core';
import { selectClassroom } from '../../store';
import { LinesChart } from '../compare/LinesChart';
import { downloadFile } from '../download';
import { useAppStore } from '../storeContext';

type SortKey = 'at' | 'name' | 'label' | 'valMetric' | 'testAccuracy';

const num = (x: number | null | undefined) => (typeof x === 'number' ? x.toFixed(3) : '–');
const sortValue = (row: BoardRow, key: SortKey): string | number => {
  switch (key) {
    case 'at':
      return -row.run.at;
    case 'name':
      return row.name.toLowerCase();
    case 'label':
      return row.run.label;
    case 'valMetric':
      return -(row.valMetric ?? -Infinity);
    case 'testAccuracy':
      return -(row.run.testAccuracy ?? -Infinity);
  }
};

/**
 * Every run made during the class: sortable, filterable by configuration, and everyone's curves
 * for one configuration overlaid (the compare view's chart). `own`: a student's own runs.
 */
export function ClassBoard({ own = false }: { own?: boolean }) {
  const classroom = useAppStore(selectClassroom);
  const snapshot = classroom.snapshot;
  const rows = useMemo(
    () => boardRows(snapshot?.students ?? {}, snapshot?.roster ?? {}),
    [snapshot],
  );
  const [sort, setSort] = useState<SortKey>('at');
  const [filter, setFilter] = useState('');
  const labels = [...new Set(rows.map((r) => r.run.label))].sort();
  const shown = rows
    .filter((r) => filter === '' || r.run.label === filter)
    .sort((a, b) => {
      const x = sortValue(a, sort);
      const y = sortValue(b, sort);
      return x < y ? -1 : x > y ? 1 : 0;
    });
  const overlay = filter !== '' && !own;

  const header = (key: SortKey, text: string) => (
    <th aria-sort={sort === key ? 'descending' : 'none'}>
      <button type="button" className="link-button" onClick={() => setSort(key)}>
        {text}
      </button>
    </th>
  );
  const exportAs = (kind: 'csv' | 'json') => {
    const stem = `losslab-class-${classroom.code ?? 'class'}`;
    if (kind === 'csv') downloadFile(`${stem}.csv`, classCsv(rows), 'text/csv');
    else {
      const sweep = snapshot?.control.sweep;
      const students = snapshot?.students ?? {};
      const plan = sweep ? planSweep(sweep) : null;
      const grid = plan
        ? classGridJson(plan, classGridRows(plan, students), students, snapshot?.roster ?? {})
        : null;
      const json = { format: 'losslab-class', version: 1, code: classroom.code, ...snapshot, grid };
      downloadFile(`${stem}.json`, JSON.stringify(json, null, 2), 'application/json');
    }
  };

  return (
    <section className="panel class-board" aria-labelledby="class-board-title">
      <h2 id="class-board-title">{own ? 'Your runs in this class' : 'Class board'}</h2>
      <div className="class-row">
        <label>
          Configuration{' '}
          <select
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
            data-testid="class-filter"
          >
            <option value="">all ({rows.length})</option>
            {labels.map((label) => (
              <option key={label} value={label}>
                {label}
              </option>
            ))}
          </select>
        </label>
        {!own && (
          <>
            <button type="button" onClick={() => exportAs('csv')} data-testid="class-export-csv">
              Export CSV
            </button>
            <button type="button" onClick={() => exportAs('json')}>
              Export JSON
            </button>
          </>
        )}
      </div>
      {overlay && (
        <LinesChart
          title={`Validation metric: ${filter}`}
          yLabel="val metric"
          unitInterval
          testId="class-overlay"
          series={shown.map((r, i) => ({
            name: `${r.name} ${i + 1}`,
            points: r.run.epochs.map((e, k) => ({ x: k + 1, y: e.valMetric ?? NaN })),
          }))}
        />
      )}
      <div className="table-scroll">
        <table className="class-table" data-testid="class-board" data-rows={shown.length}>
          <thead>
            <tr>
              {header('at', 'When')}
              {!own && header('name', 'Student')}
              {header('label', 'Configuration')}
              <th>Source</th>
              <th>Status</th>
              {header('valMetric', 'Val. metric')}
              {header('testAccuracy', 'Test acc.')}
            </tr>
          </thead>
          <tbody>
            {shown.map((r) => (
              <tr key={`${r.studentId}/${r.id}`} data-testid="class-board-row">
                <td>{new Date(r.run.at).toLocaleTimeString()}</td>
                {!own && <td>{r.name}</td>}
                <td>{r.run.label}</td>
                <td>{r.run.source === 'lesson' ? `lesson ${r.run.lesson ?? ''}` : r.run.source}</td>
                <td>{r.run.status}</td>
                <td>{num(r.valMetric)}</td>
                <td>{num(r.run.testAccuracy)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
