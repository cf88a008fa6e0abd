/**
 * Collects events that arrive between two animation frames and hands them over as one burst, so
 * the store is updated (and React renders) at most once per frame however fast the worker talks.
 */

/** Runs `callback` before the next paint (or soon, where there are no frames). */
export type FrameScheduler = (callback: () => void) => void;

/**
 * `requestAnimationFrame`, with a timer as a backstop: a hidden tab gets no frames, and a run
 * that finishes there should still be finished when the student comes back.
 */
export const nextFrame: FrameScheduler = (callback) => {
  let ran = false;
  const once = () => {
    if (ran) return;
    ran = true;
    callback();
  };
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(once);
  setTimeout(once, 250);
};

export interface EventBatcher<E> {
  push(event: E): void;
  /** Drops queued events (a reset or a new run). */
  clear(): void;
}

export function createEventBatcher<E>(
  flush: (burst: E[]) => void,
  schedule: FrameScheduler = nextFrame,
): EventBatcher<E> {
  let queue: E[] = [];
  let scheduled = false;
  return {
    push(event) {
      queue.push(event);
      if (scheduled) return;
      scheduled = true;
      schedule(() => {
        scheduled = false;
        const burst = queue;
        queue = [];
        if (burst.length > 0) flush(burst);
      });
    },
    clear() {
      queue = [];
    },
  };
}
