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

/** Epochs of a few hundredths of a second on WASM: each reload lands between two of them. */
const FAST_RUN = 'train=1000&test=200&epochs=100&batch=256&backend=wasm';

test('a reload while epochs arrive many times a second keeps every epoch the page showed', async ({
  page,
}) => {
  // Three runs, each cut off by a reload (without the journal, 2 to 9 shown epochs were lost).
  test.setTimeout(240_000);
  // What the page showed when it went away, read at `pagehide` (after it, nothing is painted).
  await page.addInitScript(() => {
    addEventListener('pagehide', () => {
      const shown = document
        .querySelector('[data-testid="curve-loss"]')
        ?.getAttribute('data-points');
      sessionStorage.setItem('e2e-shown', shown ?? '0');
    });
  });
  await page.goto(`/?${FAST_RUN}`);
  const curve = page.getByTestId('curve-loss');
  const results: { shown: number; kept: number }[] = [];
  for (const after of [3, 8, 13]) {
    await expect(page.getByTestId('worker-status')).toContainText('digits loaded');
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    const atLeast = Array.from({ length: 100 - after }, (_, i) => after + i).join('|');
    await expect(curve).toHaveAttribute('data-points', new RegExp(`^(${atLeast})$`), {
      timeout: 90_000,
    });
    await page.reload();
    const shown = Number(await page.evaluate(() => sessionStorage.getItem('e2e-shown')));
    await page.getByTestId('view-history').click();
    const newest = page.getByTestId('run-item').first();
    await newest.getByRole('button', { name: 'Open' }).click();
    await expect(page.getByTestId('run-end')).toHaveAttribute('data-reason', 'interrupted');
    const end = await page.getByTestId('run-end').innerText();
    const kept = Number(/after (\d+) of 100 epochs/.exec(end)?.[1] ?? 0);
    results.push({ shown, kept });
    await page.getByTestId('view-trainer').click();
  }
  for (const { shown, kept } of results) {
    expect(kept, `epochs kept of those shown: ${JSON.stringify(results)}`).toBeGreaterThanOrEqual(
      shown,
    );
  }
});
