import { expect, test } from '@playwright/test';

/** Many short epochs on the CPU backend: long enough to reload in the middle. */
const LONG_RUN = 'train=300&test=100&epochs=100&batch=100&backend=cpu';

test('a reload mid-run keeps the run in the history, interrupted, with its completed epochs', async ({
  page,
}) => {
  await page.goto(`/?${LONG_RUN}&autorun=1`);
  // At least two epochs done (each is stored as it completes), then the page goes away.
  await expect(page.getByTestId('curve-loss')).toHaveAttribute('data-points', /^([2-9]|\d\d+)$/, {
    timeout: 90_000,
  });
  const done = Number(await page.getByTestId('curve-loss').getAttribute('data-points'));
  await page.reload();

  await page.getByTestId('view-history').click();
  const item = page.getByTestId('run-item');
  await expect(item).toHaveCount(1);
  await expect(item.getByTestId('run-end-tag')).toHaveText('interrupted');
  await item.getByRole('button', { name: 'Open' }).click();
  const end = page.getByTestId('run-end');
  await expect(end).toHaveAttribute('data-reason', 'interrupted');
  // The epochs stored are the ones completed before the reload (at least those seen).
  const kept = Number(/after (\d+) of 100 epochs/.exec(await end.innerText())?.[1]);
  expect(kept).toBeGreaterThanOrEqual(done);
  await expect(page.getByTestId('detail-loss')).toBeVisible();
  // The detail shows the run's configuration.
  const config = page.getByTestId('run-config');
  await config.locator('summary').click();
  await expect(config.locator('div', { hasText: /^Epochs/ }).locator('dd')).toHaveText('100');
});
