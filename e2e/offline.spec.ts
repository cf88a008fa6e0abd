import { expect, test } from '@playwright/test';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startPlainHost } from './plainHost';

/**
 * The service worker (Workbox, vite-plugin-pwa): after one visit the app loads and trains with
 * the network off; a new version replaces the old cache cleanly once the page reloads into it.
 * Other specs block service workers (playwright.config.ts), so none depends on one.
 */
test.use({ serviceWorkers: 'allow' });

const TINY = 'train=300&test=100&epochs=1&batch=50&backend=cpu';

test('after one visit, the app loads and trains with the network switched off', async ({
  page,
  context,
}) => {
  await page.goto(`/?${TINY.replace('backend=cpu', 'backend=wasm')}`);
  await expect(page.getByTestId('offline-ready')).toBeVisible({ timeout: 60_000 });
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId('worker-status')).toContainText('10,000 digits loaded');
  // The cached page keeps the COOP/COEP headers it was served with: WASM still has threads.
  expect(await page.evaluate(() => globalThis.crossOriginIsolated)).toBe(true);
  await expect(page.getByTestId('backend-badge')).toHaveText(/^wasm · threaded/);
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  const status = page.getByTestId('training-status');
  await expect(status).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
  await expect(status).toContainText(/Finished\. Test accuracy \d+\.\d%/);
  await expect(page.getByTestId('curve-loss')).toBeVisible(); // a lazily loaded part, from cache
  await page.getByTestId('view-grid').click();
  await expect(page.getByTestId('grid-view')).toBeVisible();
  await context.setOffline(false);
});

test('offline, a deep path answered from the cache says LossLab could not start', async ({
  page,
  context,
}) => {
  await page.goto(`/?${TINY}`);
  await expect(page.getByTestId('offline-ready')).toBeVisible({ timeout: 60_000 });
  await context.setOffline(true);
  // The service worker answers any navigation with the cached page, whose relative scripts are
  // not found under this path: the page must say so, not stay blank.
  await page.goto('/some/deep/path');
  await expect(page.getByTestId('boot-failed')).toBeVisible({ timeout: 30_000 });
  await context.setOffline(false);
});

test('a new version replaces the cached one cleanly, after the page offers to reload', async ({
  page,
}) => {
  const dir = await mkdtemp(path.join(tmpdir(), 'losslab-sw-'));
  await cp('dist', dir, { recursive: true });
  const host = await startPlainHost(dir);
  try {
    await page.goto(`${host.url}?${TINY}`);
    await expect(page.getByTestId('offline-ready')).toBeVisible({ timeout: 60_000 });

    // Deploy "version 2": another index.html, hence another precache manifest in sw.js.
    const html = path.join(dir, 'index.html');
    await writeFile(
      html,
      (await readFile(html, 'utf8')).replace(
        '<title>',
        '<meta name="losslab-version" content="2" /><title>',
      ),
    );
    const sw = path.join(dir, 'sw.js');
    const oldRevision = /\{url:"index\.html",revision:"(\w+)"\}/.exec(
      await readFile(sw, 'utf8'),
    )?.[1];
    expect(oldRevision).toBeTruthy();
    await writeFile(
      sw,
      (await readFile(sw, 'utf8')).replace(oldRevision!, 'version2version2version2version2'),
    );

    // The old version keeps working until the student chooses to reload into the new one.
    await page.reload();
    await expect(page.getByTestId('update-ready')).toBeVisible({ timeout: 60_000 });
    expect(await page.locator('meta[name="losslab-version"]').count()).toBe(0);
    await page.getByRole('button', { name: 'Reload to use it' }).click();
    await expect(page.locator('meta[name="losslab-version"]')).toHaveCount(1, {
      timeout: 60_000,
    });
    await expect(page.getByTestId('worker-status')).toContainText('10,000 digits loaded');

    // One precache, holding the new index.html and not the old one.
    const cached = await page.evaluate(async () => {
      const names = await caches.keys();
      const urls = await Promise.all(
        names.map(async (name) => (await (await caches.open(name)).keys()).map((r) => r.url)),
      );
      return { names, urls: urls.flat() };
    });
    expect(cached.names.filter((name) => name.includes('precache'))).toHaveLength(1);
    const pages = cached.urls.filter((url) => url.includes('index.html'));
    expect(pages).toHaveLength(1);
    expect(pages[0]).toContain('version2version2version2version2');
  } finally {
    await host.close();
    await rm(dir, { recursive: true, force: true });
  }
});
