/** Per-address counters over a fixed window: how the class server throttles join-code guessing. */
export interface Limiter {
  /** Counts one event for the address; false once it is over the limit for this window. */
  hit(address: string): boolean;
  /** Whether the address is over the limit now (without counting). */
  blocked(address: string): boolean;
}

export function createLimiter(max: number, windowMs: number, now = Date.now): Limiter {
  let windowStart = now();
  let counts = new Map<string, number>();
  const roll = () => {
    if (now() - windowStart >= windowMs) {
      windowStart = now();
      counts = new Map();
    }
  };
  return {
    hit(address) {
      roll();
      const n = (counts.get(address) ?? 0) + 1;
      counts.set(address, n);
      return n <= max;
    },
    blocked(address) {
      roll();
      return (counts.get(address) ?? 0) >= max;
    },
  };
}
