import { use, type ReactNode } from 'react';
import type { LazyArea } from '../store';
import { useAppStore } from './storeContext';

/**
 * Shows `children` once the store holds the real actions and state of `area` (its code loads on
 * first use, src/store/lazySlices.ts). Inside `Deferred`: its loading line shows meanwhile, and a
 * load that failed shows its message with a reload button.
 */
export function SliceCode({ area, children }: { area: LazyArea; children: ReactNode }) {
  const loadSliceCode = useAppStore((state) => state.loadSliceCode);
  // The store gives the same promise for an area until it has failed, as `use` needs.
  use(loadSliceCode(area));
  return children;
}
