import { defineConfig, devices } from '@playwright/test';

/**
 * Which Chromium runs the suite. By default Debian's (`apt-get install chromium`), because
 * `npx playwright install` cannot download browsers on every machine. Set CHROMIUM_PATH to
 * another binary, or to `bundled` to use the browser that `npx playwright install chromium`
 * downloaded.
 */
export function chromiumExecutable(): string | undefined {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv === 'bundled') return undefined;
  return fromEnv && fromEnv.length > 0 ? fromEnv : '/usr/bin/chromium';
}

/** Flags shared by the e2e suite and the benchmark. WebGPU needs --enable-unsafe-webgpu on Linux. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--enable-unsafe-webgpu',
];

const PORT = Number(process.env.E2E_PORT ?? 4173);

export default defineConfig({
  testDir: 'e2e',
  fullyParallel: false,
  // Two cores and a model training in a worker: one test at a time keeps timings honest.
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 30_000 },
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: 'retain-on-failure',
    // The service worker only where a test is about it (e2e/offline.spec.ts): elsewhere a page
    // never depends on what a worker cached, and no test pays for its precache downloads.
    serviceWorkers: 'block',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: { executablePath: chromiumExecutable(), args: CHROMIUM_ARGS },
      },
    },
  ],
  webServer: {
    // The suite tests what users get: a production build served with the same headers.
    command: `npm run build && npx vite preview --host 127.0.0.1 --port ${PORT} --strictPort`,
    url: `http://127.0.0.1:${PORT}`,
    reuseExistingServer: !process.env.CI,
    timeout: 300_000,
    stdout: 'pipe',
  },
});
