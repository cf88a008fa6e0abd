import { proxy } from 'comlink';
import type { StateCreator } from 'zustand/vanilla';
import type { TrainEvent } from '../core';
import type { AppState, StoreDeps } from './appStore';
import { createEventBatcher } from './eventBatcher';
import { INITIAL_TRAINING, applyEvents, type TrainingState } from './trainingReducer';
import { verdictOf } from './verdict';

/** One training run at a time: start, pause, resume, stop, reset. */
export interface TrainingSlice {
  training: TrainingState;
  /** Trains the current configuration; does nothing for a configuration Keras would reject. */
  train: () => Promise<void>;
  pause: () => Promise<void>;
  resume: () => Promise<void>;
  stop: () => Promise<void>;
  /** Stops any run and clears its curves, log and results. */
  resetTraining: () => void;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export const createTrainingSlice =
  (deps: StoreDeps): StateCreator<AppState, [], [], TrainingSlice> =>
  (set, get) => {
    // Events of an older run (reset, or a new run started) are dropped by generation.
    let generation = 0;
    const batcher = createEventBatcher<TrainEvent>(
      (burst) => set({ training: applyEvents(get().training, burst) }),
      deps.scheduleFrame,
    );
    const isActive = () => {
      const { status } = get().training;
      return (
        status === 'starting' ||
        status === 'running' ||
        status === 'paused' ||
        status === 'stopping'
      );
    };
    const command = async (name: 'pause' | 'resume' | 'stop') => {
      const client = get().getClient();
      if (!client || !isActive()) return;
      try {
        await client.call((api) => api[name]());
      } catch {
        // The worker is gone; its failure reaches the page through the train() call.
      }
    };

    return {
      training: INITIAL_TRAINING,
      async train() {
        const { config } = get();
        if (isActive() || verdictOf(config).level === 'error') return;
        const client = get().getClient();
        const mine = ++generation;
        batcher.clear();
        set({ training: { ...INITIAL_TRAINING, status: 'starting' } });
        const deliver = (event: TrainEvent) => {
          if (mine === generation) batcher.push(event);
        };
        if (!client) {
          deliver({
            type: 'error',
            message: 'The training worker is not running. Reload the page.',
          });
          return;
        }
        try {
          await client.call((api) => api.train(config, proxy(deliver)));
        } catch (error) {
          deliver({ type: 'error', message: messageOf(error) });
        }
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
        generation++;
        batcher.clear();
        set({ training: INITIAL_TRAINING });
      },
    };
  };
