import { use, type ReactNode } from 'react';
import type { LazyArea } from '../store';
import { useAppStore } from './storeContext';

/**
 * Shows `children` once the store holds the real actions and state of each of `areas` (their
 * code loads on first use, src/store/lazySlices.ts). Inside `Deferred`: its loading line shows
 * meanwhile, and a load that failed shows its message with a reload button.
 */
export function SliceCode({
  areas,
  alongside,
  children,
}: {
  areas: readonly LazyArea[];
  /** The view's own code, whose download starts with the slices' rather than after them. */
  alongside?: (() => Promise<unknown>) | undefined;
  children: ReactNode;
}) {
  const installed = useAppStore((state) => state.slicesInstalled);
  const problem = useAppStore((state) => state.sliceProblem);
  const loadSliceCode = useAppStore((state) => state.loadSliceCode);
  const missing = areas.filter((area) => !installed.includes(area));
  // A failed load goes to `Deferred`'s error message rather than into a new load: the store
  // forgets a failed load (an action may try again), so loading here would retry on every render.
  if (problem && missing.includes(problem.area)) throw new Error(problem.why);
  if (missing.length > 0) {
    // Starting a download twice is a no-op: the part and the store keep their promises, the same
    // promise for an area until it has failed, as `use` needs.
    void alongside?.().catch(() => undefined);
    const loads = missing.map((area) => loadSliceCode(area));
    for (const load of loads) use(load);
  }
  return children;
}
