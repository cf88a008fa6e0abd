import { expect, test } from '@playwright/test';
import { waitForWorker } from './fixtures';

test('a page whose main script fails to load says so instead of staying blank', async ({
  page,
}) => {
  // The entry module (assets/index-<hash>.js) answers 404, as after a bad deploy.
  await page.route(/\/assets\/index-[^/]*\.js$/, (route) => route.fulfill({ status: 404 }));
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'LossLab', level: 1 })).toBeVisible();
  await expect(page.getByText('Starting LossLab…')).toBeVisible();
  const failed = page.getByTestId('boot-failed');
  await expect(failed).toBeVisible({ timeout: 30_000 });
  await expect(failed).toContainText('LossLab has not started: its code could not be loaded');
});

test('the app replaces the starting message when it mounts', async ({ page }) => {
  await page.goto('/');
  await waitForWorker(page);
  await expect(page.getByTestId('boot')).toHaveCount(0);
});

test('a deep path the host answers with the page (as the offline cache does) gets the message', async ({
  page,
}) => {
  // The page's scripts are relative (`./assets/…`), so under /some/deep/path they are not found.
  await page.goto('/some/deep/path');
  await expect(page.getByTestId('boot-failed')).toBeVisible({ timeout: 30_000 });
});
