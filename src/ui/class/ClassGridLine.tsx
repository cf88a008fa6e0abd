import { useMemo } from 'react';
import { cellLabel, planSweep } from '../../core';
import { selectClassGrid, selectClassroom, selectRunOwner } from '../../store';
import { useAppStore } from '../storeContext';

/**
 * A student's part in the class grid, in the class line: the cell this browser is training (and
 * how far it is), or why it waits, with Decline (the cell stops and goes to a classmate) and
 * Take part again.
 */
export function ClassGridLine() {
  const classroom = useAppStore(selectClassroom);
  const grid = useAppStore(selectClassGrid);
  const owner = useAppStore(selectRunOwner);
  const decline = useAppStore((s) => s.declineClassGrid);
  const rejoin = useAppStore((s) => s.rejoinClassGrid);
  const sweep = classroom.snapshot?.control.sweep ?? null;
  const plan = useMemo(() => (sweep ? planSweep(sweep) : null), [sweep]);
  if (!plan || grid.seq !== plan.sweep.seq) return null;

  const mine = classroom.snapshot?.control.assign?.cells[classroom.studentId ?? ''] ?? [];
  const label = (index: number) => {
    const cell = plan.cells[index];
    return cell ? cellLabel(cell, plan.dims) || 'the base configuration' : `cell ${index + 1}`;
  };
  const title = `Class grid “${plan.sweep.title}”`;
  let state: string;
  let text: string;
  if (grid.declined) {
    state = 'declined';
    text = `You declined the class grid “${plan.sweep.title}”: your classmates train its cells.`;
  } else if (grid.cell !== null) {
    state = 'training';
    const progress = grid.training.progress;
    const position = mine.indexOf(grid.cell);
    text =
      `${title}: training ${label(grid.cell)}` +
      (position >= 0 ? ` (cell ${position + 1} of your ${mine.length})` : '') +
      (progress ? ` · epoch ${progress.epoch} of ${progress.epochs}` : ' · starting…');
  } else if (owner !== null) {
    state = 'waiting';
    text = `${title}: your next cell starts when your own run ends.`;
  } else if (mine.length > 0 && mine.every((c) => grid.attempted.includes(c))) {
    state = 'done';
    text = `${title}: you trained your ${mine.length} cell${mine.length === 1 ? '' : 's'}. Thank you! More come only if a classmate leaves.`;
  } else {
    state = 'idle';
    text = `${title}: waiting for a cell.`;
  }
  return (
    <div className="class-grid-line" role="status" data-testid="class-grid-line" data-state={state}>
      <span>{text}</span>
      {grid.error && <span className="warning-text">{grid.error}</span>}
      {grid.declined ? (
        <button type="button" onClick={rejoin} data-testid="class-grid-rejoin">
          Take part again
        </button>
      ) : (
        <button type="button" onClick={decline} data-testid="class-grid-decline">
          Decline
        </button>
      )}
    </div>
  );
}
