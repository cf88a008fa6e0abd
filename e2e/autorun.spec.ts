import { expect, test } from '@playwright/test';
import { TINY_RUN, waitForRun, waitForWorker } from './fixtures';

test('autorun=1 runs once: the address bar drops it, and a reload does not train again', async ({
  page,
}) => {
  await page.goto(`/?${TINY_RUN}&autorun=1`);
  await waitForRun(page);
  expect(page.url()).not.toContain('autorun');
  expect(page.url()).toContain('epochs=1');

  await page.reload();
  await waitForWorker(page);
  await expect(page.getByTestId('training-status')).toHaveText('Ready to train.');
  await page.getByTestId('view-history').click();
  await expect(page.getByTestId('run-item')).toHaveCount(1);
});
