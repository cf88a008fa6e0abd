import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import { crossOriginIsolationHeaders } from './vite.config';

/**
 * The engine's tests (src/ml) in real Chromium, on the CPU backend as in Node:
 * `npm run test:ml:browser`. Debian's Chromium unless CHROMIUM_PATH says otherwise, launched with
 * the e2e suite's flags (playwright.config.ts). The page is cross-origin isolated, as the app's is
 * (threaded WASM, shared heaps). Tests that read files or start processes through Node's modules
 * run in Node only.
 */
const executablePath =
  process.env.CHROMIUM_PATH && process.env.CHROMIUM_PATH !== 'bundled'
    ? process.env.CHROMIUM_PATH
    : process.env.CHROMIUM_PATH === 'bundled'
      ? undefined
      : '/usr/bin/chromium';

export default defineConfig({
  server: { headers: crossOriginIsolationHeaders },
  test: {
    include: ['src/ml/**/*.test.ts'],
    exclude: [
      // Keras fixtures read with node:fs and node:zlib; the exported scripts run by a subprocess.
      'src/ml/kerasGradients.test.ts',
      'src/ml/kerasTraining.test.ts',
      'src/ml/exportReproduce.test.ts',
      // Fresh module state per test through vi.resetModules, which only Node's runner re-runs.
      'src/ml/wasmFiles.test.ts',
    ],
    testTimeout: 120_000,
    browser: {
      enabled: true,
      headless: true,
      provider: playwright({
        launchOptions: {
          ...(executablePath ? { executablePath } : {}),
          args: [
            '--no-sandbox',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--enable-unsafe-webgpu',
          ],
        },
      }),
      instances: [{ browser: 'chromium' }],
    },
  },
});
