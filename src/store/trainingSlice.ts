import type { StateCreator } from 'zustand/vanilla';
import type { AppState, SliceDeps } from './appStore';
import { selectTrainBlocker } from './runBlockers';
import { ownsRun, releaseRun, TRAINER_OWNER } from './runOwner';
import type { Ticket } from './runSession';
import {
  INITIAL_TRAINING,
  applyEvents,
  isTrainerBusy,
  type TrainingState,
} from './trainingReducer';

/** The trainer's run: start, pause, resume, stop, reset. */
export interface TrainingSlice {
  training: TrainingState;
  /** Trains the current configuration; does nothing unless `selectTrainBlocker` is null. */
  train: () => Promise<void>;
  pause: () => Promise<void>;
  resume: () => Promise<void>;
  stop: () => Promise<void>;
  /** Stops any run and clears its curves, log and results. */
  resetTraining: () => void;
}

export const createTrainingSlice =
  (deps: SliceDeps): StateCreator<AppState, [], [], TrainingSlice> =>
  (set, get) => {
    const { session } = deps;
    /** The trainer's run in the session; a reset drops it, so its late events are ignored. */
    let ticket: Ticket | null = null;
    const isActive = () => ownsRun(get(), 'trainer');
    const command = async (name: 'pause' | 'resume' | 'stop') => {
      if (isActive()) await session.command(name);
    };

    return {
      training: INITIAL_TRAINING,
      async train() {
        const state = get();
        if (selectTrainBlocker(state) !== null) return;
        set({ training: { ...INITIAL_TRAINING, status: 'starting' }, runOwner: TRAINER_OWNER });
        const run = session.run(state.config, (burst) => {
          const training = applyEvents(get().training, burst);
          set({
            training,
            ...(isTrainerBusy(training.status) ? {} : releaseRun(get(), 'trainer')),
          });
        });
        ticket = run.ticket;
        await run.ended;
      },
      pause: () => command('pause'),
      resume: () => command('resume'),
      async stop() {
        if (!isActive()) return;
        set({ training: { ...get().training, status: 'stopping' } });
        await command('stop');
      },
      resetTraining() {
        if (isActive()) void command('stop');
        ticket?.drop();
        ticket = null;
        set({ training: INITIAL_TRAINING, ...releaseRun(get(), 'trainer') });
      },
    };
  };
