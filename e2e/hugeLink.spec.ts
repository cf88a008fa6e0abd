import { expect, test } from '@playwright/test';
import { waitForWorker } from './fixtures';

test('a link of 100,000 keys is read only up to the caps: the page says what it ignored and answers', async ({
  page,
}) => {
  // 889 kB of query string after three real keys (Chromium takes URLs up to 2 MB). Servers
  // refuse request lines this long (Node's limit is 16 kB), so the page is served from here; a
  // link like it still reaches the page where the service worker answers navigations.
  const junk = Array.from({ length: 100_000 }, (_, i) => `k${i}=1`).join('&');
  const html = await (await page.request.get('/')).text();
  await page.route(
    (url) => url.pathname === '/' && url.search.length > 10_000,
    (route) => route.fulfill({ body: html, contentType: 'text/html' }),
  );
  await page.goto(`/?act=sigmoid&epochs=3&autorun=1&${junk}`);
  await waitForWorker(page);

  const notice = page.getByTestId('link-notice');
  await expect(notice).toContainText(
    /the link is 888,9\d\d characters long in 100,003 parts; only its first 500 parts/,
  );
  await expect(notice).toContainText('the other 99,503 were ignored');
  // Partly understood, so shown and not run; what was read is applied.
  await expect(notice).toContainText('autorun = 1: training not started');
  await expect(page.getByTestId('training-status')).toHaveAttribute('data-status', 'idle');
  await expect(page.getByLabel('Epochs', { exact: true })).toHaveValue('3');
  // The page answers: the notice goes.
  await notice.getByRole('button', { name: 'Dismiss' }).click();
  await expect(notice).toHaveCount(0);
  // A change rewrites the address bar as the page's own link, without the junk.
  await page.getByLabel('Epochs', { exact: true }).fill('4');
  await expect.poll(() => page.url().length).toBeLessThan(2_000);
  expect(page.url()).toContain('epochs=4');
});
