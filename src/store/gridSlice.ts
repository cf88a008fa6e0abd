/**
 * The experiment grid's slice: its spec and plan, the cells' runs through the store's one run
 * session, and the record kept in the history. This module loads on first use (./lazySlices.ts);
 * the state's defaults before then are in ./lazyState.ts.
 */
import type { StateCreator } from 'zustand/vanilla';
import {
  buildTable,
  cellLabel,
  DEFAULT_CONFIG,
  FIELD_GROUPS,
  FIELD_NAMES,
  fitSplit,
  fieldSpec,
  splitProblem,
  countCombinations,
  decodeGridLink,
  encodeGridLink,
  getGridPreset,
  gridFromPreset,
  listedDimensions,
  MAX_GRID_CELLS,
  messageOf,
  planGrid,
  RECORD_VERSION,
  toRunRecord,
  type DatasetRef,
  type DecodedGridLink,
  type GridAxes,
  type GridCell,
  type GridDimension,
  type GridRecord,
  type GridSpec,
  type IgnoredParam,
  type RunConfig,
  type RunRecord,
} from '../core';
import type { AppState, SliceDeps } from './appStore';
import { lastValue } from './derived';
import type { SliceCode } from './lazySlices';
import { idleGrid } from './lazyState';
import { selectGridBlocker } from './runBlockers';
import { GRID_OWNER, ownsRun, releaseRun } from './runOwner';
import type { Ticket } from './runSession';
import { INITIAL_TRAINING, applyEvents, type TrainingState } from './trainingReducer';

export type GridStatus = 'idle' | 'running' | 'stopping' | 'stopped' | 'done' | 'error';

/**
 * The experiment grid: its spec, the planned cells, the grid record being shown (stored or in
 * progress) with its finished runs, and the cell being trained now. Cells run one after another
 * in the one training worker; every cell shares the base's seed, split and batch order.
 */
export interface GridState {
  spec: GridSpec;
  /** The built-in grid the spec came from, if unchanged since. */
  presetId: string | null;
  cells: GridCell[];
  /** Why the spec cannot be planned (too many cells). */
  planError: string | null;
  record: GridRecord | null;
  /** Finished cells' runs, by cell id. */
  runs: Record<string, RunRecord>;
  status: GridStatus;
  currentCellId: string | null;
  /** The running cell's live state (the trainer's reducer). */
  current: TrainingState;
  selectedCellId: string | null;
  error: string | null;
  /** What the grid link asked for that the page ignored. */
  notices: IgnoredParam[];
  autorunPending: boolean;
}

export interface GridSlice {
  grid: GridState;
  setGridSpec: (spec: GridSpec) => void;
  /** Sets one dimension's values (an empty list removes it from the grid). */
  setAxis: <D extends GridDimension>(dim: D, values: GridAxes[D]) => void;
  setGridBase: (patch: Partial<RunConfig>) => void;
  /** Points the grid's base at `dataset`, shrinking sizes that no longer fit (as the trainer's). */
  setGridDataset: (dataset: DatasetRef) => void;
  applyGridPreset: (id: string) => void;
  loadGridLink: (link: DecodedGridLink) => void;
  /**
   * Takes the trainer's settings the grid does not sweep (sizes, epochs, model, optimiser…) into
   * its base, when the grid shows no results and the trainer changed since the last time.
   */
  adoptTrainerSettings: () => void;
  /** Runs the grid's unfinished cells (a new grid, or resuming the one shown). */
  runGrid: () => Promise<void>;
  /** Stops after discarding the cell in progress; `runGrid` resumes. */
  stopGrid: () => Promise<void>;
  selectCell: (id: string | null) => void;
  /** Shows a stored grid (from the history). */
  openGrid: (id: string) => void;
  /** Attaches the newest stored grid with the same spec as the one shown (after a reload). */
  attachStoredGrid: () => void;
  /** Forgets the grid record shown (its spec stays). */
  detachGrid: () => void;
  dismissGridNotices: () => void;
  takeGridAutorun: () => boolean;
}

/** The page's key for a grid spec: its canonical link. */
export const specKey = (spec: GridSpec) => encodeGridLink(spec);

function plan(spec: GridSpec): { cells: GridCell[]; planError: string | null } {
  const total = countCombinations(spec);
  if (total > MAX_GRID_CELLS) {
    return {
      cells: [],
      planError: `${total} combinations: a grid may have at most ${MAX_GRID_CELLS} cells.`,
    };
  }
  return { cells: planGrid(spec), planError: null };
}

/**
 * Fields a grid takes from the trainer when opened: the run's settings (the field table's model
 * and run groups), not the question the grid studies.
 */
const TRAINER_FIELDS = FIELD_NAMES.filter((field) => {
  const group = fieldSpec(field).group;
  return group !== undefined && FIELD_GROUPS[group].runSetting;
});

/** The trainer's values of `TRAINER_FIELDS` that the grid does not list and does not have. */
export function sharedWithTrainer(config: RunConfig, spec: GridSpec): Partial<RunConfig> {
  const patch: Record<string, unknown> = {};
  for (const field of TRAINER_FIELDS) {
    const listed = (spec.axes as Record<string, unknown[] | undefined>)[field];
    if (listed && listed.length > 0) continue;
    if (config[field] !== spec.base[field]) patch[field] = config[field];
  }
  return patch;
}

function initialGrid(base: RunConfig): GridState {
  const preset = getGridPreset('classic');
  const spec = preset ? gridFromPreset(preset, base) : { base, axes: {} };
  return idleGrid(spec, preset?.id ?? null, plan(spec));
}

export const createGridSlice =
  (deps: SliceDeps): StateCreator<AppState, [], [], GridSlice> =>
  (set, get) => {
    const { session } = deps;
    const newId = deps.newId ?? (() => crypto.randomUUID());
    const now = deps.now ?? (() => Date.now());
    const patch = (p: Partial<GridState>) => set({ grid: { ...get().grid, ...p } });
    let stopRequested = false;
    /** The trainer configuration the grid last took its shared settings from. */
    let adopted: RunConfig | null = null;
    /** The grid's current run in the session (a newer run, e.g. the trainer's, makes it stale). */
    let ticket: Ticket | null = null;
    /** A new spec: replan, and forget the record shown unless it is this spec's. */
    const setSpec = (spec: GridSpec, presetId: string | null) => {
      if (ownsRun(get(), 'grid')) return;
      const { record } = get().grid;
      const keep = record && specKey(record.spec) === specKey(spec);
      patch({
        spec,
        presetId,
        ...plan(spec),
        ...(keep ? {} : { record: null, runs: {}, status: 'idle' as const, error: null }),
        selectedCellId: null,
      });
    };
    const runsOf = (record: GridRecord): Record<string, RunRecord> => {
      const byId = new Map(get().history.runs.map((r) => [r.id, r]));
      const runs: Record<string, RunRecord> = {};
      for (const [cellId, runId] of Object.entries(record.runs)) {
        const run = byId.get(runId);
        if (run) runs[cellId] = run;
      }
      return runs;
    };
    const show = (record: GridRecord) => {
      const runs = runsOf(record);
      const { cells, planError } = plan(record.spec);
      const finished = cells.filter((c) => !c.skip).every((c) => runs[c.id]);
      patch({
        spec: record.spec,
        presetId: null,
        cells,
        planError,
        record,
        runs,
        status: finished ? 'done' : 'stopped',
        selectedCellId: null,
        error: null,
      });
    };

    /**
     * Trains one cell in the store's run session. Resolves with its run record, or null if it was
     * stopped; `stale` when a newer run took the worker (the grid then leaves the state alone).
     * Throws the run's error.
     */
    const runCell = async (
      record: GridRecord,
      cell: GridCell,
    ): Promise<{ stale: true } | { stale: false; run: RunRecord | null }> => {
      patch({ currentCellId: cell.id, current: { ...INITIAL_TRAINING, status: 'starting' } });
      const handle = session.run(cell.config, (burst) =>
        patch({ current: applyEvents(get().grid.current, burst) }),
      );
      ticket = handle.ticket;
      const end = await handle.ended;
      if (!end.current) return { stale: true };
      if (end.error !== null) throw new Error(end.error);
      if (!end.done || end.done.reason === 'stopped') return { stale: false, run: null };
      const run = toRunRecord({
        id: newId(),
        name: `${record.name} · ${cellLabel(cell, listedDimensions(record.spec))}`,
        createdAt: now(),
        config: cell.config,
        metricKey: end.metricKey ?? cell.verdict.historyKey,
        reason: end.done.reason,
        result: end.done.result,
        grid: { id: record.id, cellId: cell.id },
      });
      return { stale: false, run };
    };
    return {
      grid: initialGrid({ ...DEFAULT_CONFIG }),
      setGridSpec: (spec) => setSpec(spec, null),
      setAxis(dim, values) {
        const axes: GridAxes = { ...get().grid.spec.axes };
        if (values && values.length > 0) Object.assign(axes, { [dim]: values });
        else delete axes[dim];
        setSpec({ ...get().grid.spec, axes }, null);
      },
      adoptTrainerSettings() {
        const { config, grid } = get();
        if (config === adopted || grid.record !== null || grid.status !== 'idle') return;
        adopted = config;
        const patchFromTrainer = sharedWithTrainer(config, grid.spec);
        if (Object.keys(patchFromTrainer).length > 0) get().setGridBase(patchFromTrainer);
      },
      setGridBase: (p) => {
        const { spec, presetId } = get().grid;
        const next = { ...spec.base, ...p };
        if (splitProblem(next)) return;
        setSpec({ ...spec, base: { ...spec.base, ...p } }, presetId);
      },
      setGridDataset(dataset) {
        if (ownsRun(get(), 'grid')) return;
        get().setGridBase(fitSplit({ ...get().grid.spec.base, dataset }));
      },
      applyGridPreset(id) {
        const preset = getGridPreset(id);
        if (preset) setSpec(gridFromPreset(preset, get().grid.spec.base), id);
      },
      loadGridLink(link) {
        // A link that sweeps nothing (`?view=grid` alone) opens the classic table on its base.
        const classic = getGridPreset('classic');
        const empty = Object.keys(link.spec.axes).length === 0 && link.ignored.length === 0;
        if (empty && classic) setSpec(gridFromPreset(classic, link.spec.base), classic.id);
        else setSpec(link.spec, null);
        // A link the page only partly understood is shown, never run as what is left of it.
        const refused = link.autorun && link.ignored.length > 0;
        patch({
          notices: refused
            ? [
                {
                  key: 'autorun',
                  value: '1',
                  reason:
                    'not started, because part of this link was ignored: check the grid, then Run grid',
                },
                ...link.ignored,
              ]
            : link.ignored,
          autorunPending: link.autorun && !refused,
        });
        if (get().history.status === 'ready') get().attachStoredGrid();
      },
      async runGrid() {
        const state = get();
        const blocker = selectGridBlocker(state);
        if (blocker !== null) {
          // Busy or not ready: the button says so. Data that is not loaded: say it here too.
          if (state.runOwner === null && state.system.status === 'ready') {
            patch({ error: blocker });
          }
          return;
        }
        stopRequested = false;
        let record = state.grid.record;
        if (!record || specKey(record.spec) !== specKey(state.grid.spec)) {
          const preset = state.grid.presetId ? getGridPreset(state.grid.presetId) : undefined;
          const cells = state.grid.cells.length;
          record = {
            version: RECORD_VERSION,
            id: newId(),
            name: preset?.title ?? `Grid of ${cells} cells`,
            createdAt: now(),
            updatedAt: now(),
            spec: state.grid.spec,
            runs: {},
            status: 'running',
          };
          patch({ record, runs: {} });
        }
        record = { ...record, status: 'running', updatedAt: now() };
        set({
          grid: { ...get().grid, record, status: 'running', error: null },
          runOwner: GRID_OWNER,
        });
        void get().keepGrid(record);
        try {
          for (const cell of get().grid.cells) {
            if (cell.skip || get().grid.runs[cell.id]) continue;
            if (stopRequested) break;
            const ran = await runCell(record, cell);
            if (ran.stale) {
              set(releaseRun(get(), 'grid'));
              return;
            }
            const { run } = ran;
            if (!run) break;
            record = { ...record, runs: { ...record.runs, [cell.id]: run.id }, updatedAt: now() };
            patch({ record, runs: { ...get().grid.runs, [cell.id]: run } });
            await get().keepCell(record, run);
          }
        } catch (error) {
          record = { ...record, status: 'stopped', updatedAt: now() };
          set({
            grid: {
              ...get().grid,
              record,
              status: 'error',
              error: messageOf(error),
              currentCellId: null,
            },
            ...releaseRun(get(), 'grid'),
          });
          await get().keepGrid(record);
          return;
        }
        const finishedRuns = record.runs;
        const complete = get()
          .grid.cells.filter((c) => !c.skip)
          .every((c) => finishedRuns[c.id]);
        record = { ...record, status: complete ? 'done' : 'stopped', updatedAt: now() };
        set({
          grid: {
            ...get().grid,
            record,
            status: complete ? 'done' : 'stopped',
            currentCellId: null,
          },
          ...releaseRun(get(), 'grid'),
        });
        await get().keepGrid(record);
      },
      async stopGrid() {
        if (get().grid.status !== 'running') return;
        stopRequested = true;
        patch({ status: 'stopping' });
        if (ticket?.current) await session.command('stop');
      },
      selectCell: (selectedCellId) => patch({ selectedCellId }),
      openGrid(id) {
        if (ownsRun(get(), 'grid')) return;
        const record = get().history.grids.find((g) => g.id === id);
        if (record) show(record);
      },
      attachStoredGrid() {
        const { grid, history } = get();
        if (ownsRun(get(), 'grid') || grid.record) return;
        const key = specKey(grid.spec);
        const stored = history.grids.find((g) => specKey(g.spec) === key);
        if (stored) show(stored);
      },
      detachGrid() {
        if (ownsRun(get(), 'grid')) return;
        patch({ record: null, runs: {}, status: 'idle', selectedCellId: null });
      },
      dismissGridNotices: () => patch({ notices: [] }),
      takeGridAutorun() {
        if (!get().grid.autorunPending) return false;
        patch({ autorunPending: false });
        return true;
      },
    };
  };

/** The grid's code, loaded on first use (./lazySlices.ts), with its link's codec. */
export const GRID_CODE: SliceCode = {
  create(deps, api) {
    // The store's cache of the grid's table (./derived.ts) is built here, with the grid's code.
    api.getState().derived.gridTable = lastValue(
      (g: Pick<GridState, 'cells' | 'runs' | 'currentCellId'>) => [
        g.cells,
        g.runs,
        g.currentCellId,
      ],
      (g) => buildTable(g.cells, new Map(Object.entries(g.runs)), g.currentCellId ?? undefined),
    );
    return createGridSlice(deps)(api.setState, api.getState, api);
  },
  link: {
    read: (store, search) => store.getState().loadGridLink(decodeGridLink(search)),
    write: (state) => encodeGridLink(state.grid.spec),
  },
  // The history may have been read before this code came: the grid shown resumes its stored run.
  afterInstall(store) {
    if (store.getState().history.status === 'ready') store.getState().attachStoredGrid();
  },
};
