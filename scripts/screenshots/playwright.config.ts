import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumExecutable } from '../../playwright.config';

/**
 * `npm run screenshots`: the README's pictures, taken from the production build served exactly as
 * the e2e suite serves it, in the same Chromium. They are written to docs/screenshots/.
 */
const PORT = Number(process.env.SCREENSHOT_PORT ?? 4175);

export default defineConfig({
  testDir: '.',
  testMatch: '*.shots.ts',
  workers: 1,
  retries: 0,
  timeout: 300_000,
  expect: { timeout: 120_000 },
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    launchOptions: { executablePath: chromiumExecutable(), args: CHROMIUM_ARGS },
    // Screenshots are for people: no animation mid-frame, the system fonts as a user has them.
    reducedMotion: 'reduce',
  },
  webServer: {
    command: `npm run build && npx vite preview --host 127.0.0.1 --port ${PORT} --strictPort`,
    cwd: '../..',
    url: `http://127.0.0.1:${PORT}`,
    reuseExistingServer: false,
    timeout: 300_000,
    stdout: 'pipe',
  },
});
