import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'src/**/*.test.ts',
      'src/**/*.test.tsx',
      'scripts/**/*.test.ts',
      'bench/**/*.test.ts',
      'server/**/*.test.ts',
    ],
    environment: 'node',
    // The store's lazily loaded slices, loaded before each test file (src/test/sliceCode.ts).
    setupFiles: ['src/test/sliceCode.ts'],
    testTimeout: 60_000,
  },
});
