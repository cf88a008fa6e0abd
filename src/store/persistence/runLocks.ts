/**
 * Which stored runs are still training in another tab, through the Web Locks API: the tab that
 * trains a run holds a lock named after it until the run ends, and the browser releases it
 * whenever that tab goes away (closed, reloaded, crashed), so no heartbeat can go stale. Another
 * tab asks which locks are held to tell "training in another tab" from "interrupted", and waits
 * for the lock to learn when the run ended.
 */

/** The part of `LockManager` used here (tests pass a fake). */
export interface LockApi {
  /** Grants the named lock, exclusively, once free; holds it until `granted`'s promise settles. */
  request(name: string, granted: () => unknown): Promise<unknown>;
  query(): Promise<{ held?: { name?: string }[] }>;
}

export interface RunLocks {
  /** Holds the run's lock until the returned function is called. */
  hold(id: string): () => void;
  /** Ids of the runs whose lock some tab holds (this one included). */
  held(): Promise<Set<string>>;
  /** Calls `then` once the run's lock is free (at once if nobody holds it). */
  whenFree(id: string, then: () => void): void;
}

const PREFIX = 'losslab-run:';

/** The browser's lock manager, or null where the page has none (an old browser, no secure context). */
export function browserLocks(): LockApi | null {
  return typeof navigator !== 'undefined' && 'locks' in navigator ? navigator.locks : null;
}

export function createRunLocks(locks: LockApi): RunLocks {
  const ignore = () => undefined;
  return {
    hold(id) {
      let release: () => void = ignore;
      const released = new Promise<void>((resolve) => (release = resolve));
      locks.request(PREFIX + id, () => released).catch(ignore);
      return () => release();
    },
    async held() {
      try {
        const { held = [] } = await locks.query();
        return new Set(
          held.flatMap(({ name }) => (name?.startsWith(PREFIX) ? [name.slice(PREFIX.length)] : [])),
        );
      } catch {
        return new Set();
      }
    },
    whenFree(id, then) {
      // Called once the lock is released again, so that `then` finds it free, not held by us.
      locks.request(PREFIX + id, ignore).then(then, ignore);
    },
  };
}
