import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';

/**
 * The engine's tests (src/ml) in real Chromium, on the CPU backend as in Node:
 * `npm run test:ml:browser`. Debian's Chromium unless CHROMIUM_PATH says otherwise, launched with
 * the e2e suite's flags (playwright.config.ts).
 */
const executablePath =
  process.env.CHROMIUM_PATH && process.env.CHROMIUM_PATH !== 'bundled'
    ? process.env.CHROMIUM_PATH
    : process.env.CHROMIUM_PATH === 'bundled'
      ? undefined
      : '/usr/bin/chromium';

export default defineConfig({
  test: {
    include: ['src/ml/**/*.test.ts'],
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
