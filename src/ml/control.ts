/**
 * Cooperative pause and stop for a training loop. The worker API flips the flags when a command
 * arrives; the loop checks them between batches (it yields to the event loop a few times a
 * second, so commands are seen within a fraction of a second).
 */
export class RunControl {
  private pausedFlag = false;
  private stoppedFlag = false;
  private wake: (() => void) | null = null;

  get paused(): boolean {
    return this.pausedFlag;
  }

  get stopRequested(): boolean {
    return this.stoppedFlag;
  }

  /** Asks the loop to pause at the next batch boundary. Returns false if already paused/stopped. */
  pause(): boolean {
    if (this.pausedFlag || this.stoppedFlag) return false;
    this.pausedFlag = true;
    return true;
  }

  /** Lets a paused loop continue. Returns false if it was not paused. */
  resume(): boolean {
    if (!this.pausedFlag) return false;
    this.pausedFlag = false;
    this.wakeUp();
    return true;
  }

  /** Asks the loop to finish at the next batch boundary (also ends a pause). */
  stop(): void {
    this.stoppedFlag = true;
    this.pausedFlag = false;
    this.wakeUp();
  }

  /** Resolves at once unless paused; while paused, when resumed or stopped. */
  async waitWhilePaused(): Promise<void> {
    while (this.pausedFlag && !this.stoppedFlag) {
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
  }

  private wakeUp(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}

/** Gives queued messages (pause, stop) a chance to run: a macrotask, not a microtask. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
