import { useMemo, useState } from 'react';
import {
  GRID_PRESETS,
  classGridCsv,
  classGridProgress,
  classGridRows,
  encodeGridLink,
  getGridPreset,
  gridFromPreset,
  planGrid,
  planSweep,
  type GridSpec,
} from '../../core';
import { selectClassroom, selectGrid } from '../../store';
import { downloadFile } from '../download';
import { GridTable } from '../grid/GridTable';
import { HeatMaps } from '../grid/HeatMaps';
import { useAppStore } from '../storeContext';

/** The grid the Grid tab shows, or a built-in grid on its base settings. */
const TAB = 'tab';

/** Why a grid cannot go to the class, or null. */
function sweepProblem(spec: GridSpec, trainable: number): string | null {
  if (spec.base.dataset.id === 'own') {
    return 'This grid trains on your own files, which the students’ browsers do not hold: choose built-in data in the Grid tab.';
  }
  if (trainable === 0) return 'Keras rejects every cell of this grid: there is nothing to train.';
  return null;
}

/** Sends a sweep to the class: the Grid tab's grid or a built-in one. */
function SendSweep({ active }: { active: boolean }) {
  const grid = useAppStore(selectGrid);
  const sendSweep = useAppStore((s) => s.sendSweep);
  const [choice, setChoice] = useState(TAB);
  const preset = choice === TAB ? undefined : getGridPreset(choice);
  const { spec, cells } = useMemo(() => {
    const chosen = preset ? gridFromPreset(preset, grid.spec.base) : grid.spec;
    // The Grid tab refuses to plan a grid past its cell limit; so does the class.
    return { spec: chosen, cells: !preset && grid.planError ? [] : planGrid(chosen) };
  }, [preset, grid.spec, grid.planError]);
  const trainable = cells.filter((c) => !c.skip).length;
  const tabTitle =
    getGridPreset(grid.presetId ?? '')?.title ?? `Grid of ${grid.cells.length} cells`;
  const title = preset?.title ?? tabTitle;
  const problem = choice === TAB && grid.planError ? grid.planError : sweepProblem(spec, trainable);
  return (
    <div className="class-row">
      <label>
        Sweep{' '}
        <select
          value={choice}
          onChange={(e) => setChoice(e.target.value)}
          data-testid="class-sweep-choice"
        >
          <option value={TAB}>The Grid tab’s grid: {tabTitle}</option>
          {GRID_PRESETS.map((p) => (
            <option key={p.id} value={p.id}>
              {p.title}
            </option>
          ))}
        </select>
      </label>
      <span className="muted small" data-testid="class-sweep-size">
        {cells.length} cells, {trainable} to train
      </span>
      <button
        type="button"
        disabled={problem !== null}
        aria-describedby={problem ? 'class-sweep-problem' : undefined}
        onClick={() => sendSweep({ title, link: encodeGridLink(spec) })}
        data-testid="class-send-sweep"
      >
        {active ? 'Send this grid instead' : 'Send to the class'}
      </button>
      {problem && (
        <p id="class-sweep-problem" className="warning-text" data-testid="class-sweep-problem">
          {problem}
        </p>
      )}
    </div>
  );
}

/**
 * The class grid on the projector: send a sweep, and watch the cheat table fill in with each
 * cell's mean and range over the students who ran it (the grid's own heat maps and table).
 * `ended`: the ended class's summary (no sending).
 */
export function ClassGrid({ ended }: { ended: boolean }) {
  const classroom = useAppStore(selectClassroom);
  const stopSweep = useAppStore((s) => s.stopSweep);
  const [selected, setSelected] = useState<string | null>(null);
  const sweep = classroom.snapshot?.control.sweep ?? null;
  const students = classroom.snapshot?.students;
  const plan = useMemo(() => (sweep ? planSweep(sweep) : null), [sweep]);
  const rows = useMemo(
    () => (plan && students ? classGridRows(plan, students) : []),
    [plan, students],
  );
  if (ended && !plan) return null;
  const progress = plan && students ? classGridProgress(plan, students, rows) : null;
  const running = plan !== null && sweep?.stopped === undefined && !ended;
  const stem = `losslab-class-${classroom.code ?? 'class'}-grid`;
  return (
    <section className="panel class-grid experiments" aria-labelledby="class-grid-title">
      <h2 id="class-grid-title">Class grid{plan ? `: ${plan.sweep.title}` : ''}</h2>
      {!ended &&
        (running ? (
          // While a grid runs, sending another folds away, leaving the projector the table.
          <details className="class-send-another">
            <summary>Send another grid</summary>
            <SendSweep active />
          </details>
        ) : (
          <SendSweep active={false} />
        ))}
      {!plan && (
        <p className="muted">
          A sweep is spread over the students’ browsers: every cell is trained at least once, and
          the table fills in with each cell’s mean and range over the students who ran it.
        </p>
      )}
      {plan && progress && (
        <>
          <div className="class-row">
            <p
              role="status"
              data-testid="class-grid-progress"
              data-covered={progress.covered}
              data-to-run={progress.toRun}
            >
              {progress.covered} of {progress.toRun} cells have results · {progress.runs} run
              {progress.runs === 1 ? '' : 's'} from {progress.students} student
              {progress.students === 1 ? '' : 's'} · {progress.training} training now
              {progress.declined > 0 ? ` · ${progress.declined} declined` : ''}
              {sweep?.stopped !== undefined ? ' · stopped' : ''}
            </p>
            {running && (
              <button type="button" onClick={stopSweep} data-testid="class-stop-sweep">
                Stop the class grid
              </button>
            )}
            <button
              type="button"
              onClick={() => downloadFile(`${stem}.csv`, classGridCsv(plan, rows), 'text/csv')}
              data-testid="class-grid-csv"
            >
              Class grid (CSV)
            </button>
          </div>
          <div data-testid="class-grid">
            <HeatMaps rows={rows} selected={selected} onSelect={setSelected} />
            <GridTable rows={rows} spec={plan.spec} selected={selected} onSelect={setSelected} />
          </div>
        </>
      )}
    </section>
  );
}
