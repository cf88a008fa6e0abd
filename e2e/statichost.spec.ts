import { expect, test } from '@playwright/test';
import path from 'node:path';
import { startPlainHost, type PlainHost } from './plainHost';

/**
 * `npm run build` output copied to a plain static host (no COOP/COEP headers, served under a
 * subpath like GitHub Pages): the app still trains, on single-threaded WASM, and says so.
 */
let host: PlainHost;

test.beforeAll(async () => {
  host = await startPlainHost(path.resolve('dist'));
});
test.afterAll(async () => {
  await host.close();
});

test('the built folder on a host without COOP/COEP trains, single-threaded, and says so', async ({
  page,
}) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${host.url}?train=300&test=100&epochs=1&batch=50&backend=wasm&autorun=1`);
  expect(await page.evaluate(() => globalThis.crossOriginIsolated)).toBe(false);
  const status = page.getByTestId('training-status');
  await expect(status).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
  await expect(status).toContainText(/Finished\. Test accuracy \d+\.\d%/);
  const badge = page.getByTestId('backend-badge');
  await expect(badge).toHaveAttribute('data-backend', 'wasm');
  await expect(badge).toHaveText('wasm · single-threaded');
  await expect(page.getByTestId('backend-reason')).toContainText(
    'not cross-origin isolated (the host sends no COOP/COEP headers)',
  );
  expect(errors).toEqual([]);
});

test('on the same host, auto starts on its guess and the lazily loaded views open', async ({
  page,
}) => {
  await page.goto(`${host.url}?view=history`);
  await expect(page.getByTestId('history-view')).toBeVisible();
  await page.goto(`${host.url}?view=lab&logits=2,1,0.1&enc=onehot&label=0`);
  await expect(page.getByTestId('loss-lab')).toBeVisible();
  await page.goto(`${host.url}?train=300&test=100&epochs=1&batch=50&autorun=1`);
  await expect(page.getByTestId('training-status')).toHaveAttribute('data-status', 'done', {
    timeout: 90_000,
  });
  await expect(page.getByTestId('backend-badge')).toHaveText('wasm · single-threaded');
});
