import { defineConfig } from 'vitest/config';

/** Only the oracle's input writer (`npm run oracle`); never part of `npm test`. */
export default defineConfig({
  test: {
    include: ['scripts/keras-oracle/*.gen.ts'],
    environment: 'node',
    testTimeout: 300_000,
  },
});
