/**
 * Vitest's setup: the store's lessons, grid and class code load on first use in the page
 * (src/store/lazySlices.ts); tests load it first, so that every store they make holds the real
 * actions from the start and runs them synchronously. `src/store/lazySlices.test.ts` checks the
 * loading itself, on fresh modules.
 */
import { loadAllSliceCode } from '../store';

await loadAllSliceCode();
