import { useEffect, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { cellLabel, listedDimensions } from '../../core';
import { selectGrid, selectHistoryActions, selectRunHistory } from '../../store';
import { RunDetail } from '../compare/RunDetail';
import { revealAndFocus } from '../focus';
import { useAppStore } from '../storeContext';
import { LEVEL_WORD } from '../verdictText';

/** The clicked cell: Keras' verdict and explanation, and its curves once it has run. */
export function CellDetail() {
  const grid = useAppStore(selectGrid);
  const { compare } = useAppStore(selectRunHistory);
  const { toggleCompare, setView } = useAppStore(useShallow(selectHistoryActions));
  const cell = grid.cells.find((c) => c.id === grid.selectedCellId);
  const section = useRef<HTMLElement>(null);
  const shown = useRef(grid.selectedCellId);
  // A newly chosen cell (a click in the heat map or the table) brings its detail into view and
  // moves focus to it; a selection restored on opening the page does not.
  useEffect(() => {
    if (grid.selectedCellId === shown.current) return;
    shown.current = grid.selectedCellId;
    if (section.current) revealAndFocus(section.current);
  }, [grid.selectedCellId]);
  if (!cell) return null;
  const run = grid.runs[cell.id];
  return (
    <section
      ref={section}
      tabIndex={-1}
      className="panel cell-detail"
      aria-labelledby="cell-heading"
      data-testid="cell-detail"
    >
      <h2 id="cell-heading">{cellLabel(cell, listedDimensions(grid.spec)) || 'the base'}</h2>
      <p className={`verdict-line level-${cell.verdict.level}`}>
        <strong>{LEVEL_WORD[cell.verdict.level]}</strong>: {cell.verdict.title}
      </p>
      {cell.verdict.kerasError && (
        <pre className="keras-message" data-testid="cell-keras-error">
          {cell.verdict.kerasError}
        </pre>
      )}
      <p>{cell.verdict.explanation}</p>
      {cell.skip && (
        <p className="muted">Keras stops on the first batch, so this cell is not run.</p>
      )}
      {run ? (
        <>
          <p>
            <label className="inline">
              <input
                type="checkbox"
                checked={compare.includes(run.id)}
                onChange={() => toggleCompare(run.id)}
              />{' '}
              add to the comparison
            </label>{' '}
            <button type="button" className="link-button" onClick={() => setView('history')}>
              open the comparison
            </button>
          </p>
          <RunDetail run={run} />
        </>
      ) : (
        !cell.skip && <p className="muted">Not trained yet.</p>
      )}
    </section>
  );
}
