/**
 * The one way the store runs a configuration in the worker, for the trainer and the grid alike:
 * the worker call, the event batcher (one store update per animation frame) and one staleness
 * rule. The rule: a run's events reach the store only while it is the newest run started and has
 * not been dropped (a reset); starting another run makes the older one stale, exactly as the
 * worker itself stops an older run when a new `train` arrives.
 */
import { proxy } from 'comlink';
import type { EventOf, RunConfig, TrainEvent } from '../core';
import { messageOf } from '../core';
import { WorkerLostError, type WorkerClient } from '../worker/client';
import { createEventBatcher, type FrameScheduler } from './eventBatcher';

/** Hands out tickets of which only the newest is current (the store's one staleness rule). */
export interface Latest {
  /** A new ticket; every older one becomes stale. */
  next(): Ticket;
}
export interface Ticket {
  /** True until a newer ticket is handed out or this one is dropped. */
  readonly current: boolean;
  drop(): void;
}

export function createLatest(): Latest {
  let newest = 0;
  return {
    next() {
      const mine = ++newest;
      return {
        get current() {
          return mine === newest;
        },
        drop() {
          if (mine === newest) newest++;
        },
      };
    },
  };
}

/** How a run ended, as far as its caller needs to know. */
export interface RunEnd {
  /** False when a newer run or a reset made this run stale: its caller leaves the state alone. */
  current: boolean;
  /** The `done` event, if the run finished (completed, stopped or diverged). */
  done: EventOf<'done'> | null;
  /** The error the run ended with (a worker error event, a failed call, no worker). */
  error: string | null;
  /** The metric's Keras history key, from the run's `run-start` event. */
  metricKey: string | null;
}

export interface RunSession {
  /**
   * Trains `config` in the worker. Bursts of its events go to `onBurst`, at most once per frame,
   * while the run is current; resolves once the worker's call has returned, never rejects.
   */
  run(config: RunConfig, onBurst: (events: TrainEvent[]) => void): RunHandle;
  /** Sends pause, resume or stop to the run in progress (a worker that is gone is ignored). */
  command(name: 'pause' | 'resume' | 'stop'): Promise<void>;
}

export interface RunHandle {
  readonly ticket: Ticket;
  readonly ended: Promise<RunEnd>;
}

export function createRunSession(deps: {
  getClient: () => WorkerClient | null;
  scheduleFrame?: FrameScheduler;
}): RunSession {
  const latest = createLatest();
  let onBurst: (events: TrainEvent[]) => void = () => undefined;
  const batcher = createEventBatcher<TrainEvent>((burst) => onBurst(burst), deps.scheduleFrame);

  const start = async (config: RunConfig, ticket: Ticket, end: RunEnd): Promise<RunEnd> => {
    const deliver = (event: TrainEvent) => {
      if (!ticket.current) return;
      if (event.type === 'done') end.done = event;
      if (event.type === 'error') end.error = event.message;
      if (event.type === 'run-start') end.metricKey = event.metricKey;
      batcher.push(event);
    };
    const client = deps.getClient();
    if (!client) {
      deliver({ type: 'error', message: 'The training worker is not running. Reload the page.' });
    } else {
      try {
        await client.call((api) => api.train(config, proxy(deliver)));
      } catch (error) {
        deliver({
          type: 'error',
          message: messageOf(error),
          ...(error instanceof WorkerLostError ? { lost: true as const } : {}),
        });
      }
    }
    return { ...end, current: ticket.current };
  };

  return {
    run(config, handler) {
      const ticket = latest.next();
      batcher.clear();
      onBurst = (burst) => {
        if (ticket.current) handler(burst);
      };
      const end: RunEnd = { current: true, done: null, error: null, metricKey: null };
      return { ticket, ended: start(config, ticket, end) };
    },
    async command(name) {
      const client = deps.getClient();
      if (!client) return;
      try {
        await client.call((api) => api[name]());
      } catch {
        // The worker is gone; its failure reaches the page through the run's own call.
      }
    },
  };
}
