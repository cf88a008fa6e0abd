import { expect, test } from '@playwright/test';
import { waitForRun, waitForWorker } from './fixtures';

/** Short epochs on the CPU backend: a few seconds in all, long enough to lose the worker mid-run. */
const RUN = 'train=300&test=100&epochs=12&batch=50&backend=cpu';

test('a training worker that dies mid-run: the page says so, keeps its epochs and trains again', async ({
  page,
}) => {
  await page.goto(`/?${RUN}`);
  await waitForWorker(page);
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  const curve = page.getByTestId('curve-loss');
  await expect(curve).toHaveAttribute('data-points', /^([2-9]|1[01])$/, { timeout: 60_000 });

  // The worker closes itself, as a crash would end it: no event reaches the page. The training
  // worker is the one index.html's early script started ('losslab-trainer-early') or one the
  // client started ('losslab-trainer').
  for (const worker of page.workers()) {
    if (!(await worker.evaluate(() => self.name)).startsWith('losslab-trainer')) continue;
    await worker.evaluate(() => setTimeout(() => self.close(), 0));
  }

  const status = page.getByTestId('training-status');
  await expect(status).toHaveAttribute('data-status', 'error', { timeout: 60_000 });
  await expect(status).toContainText('the worker was lost');
  const note = page.getByTestId('lost-run-note');
  await expect(note).toContainText(/completed epochs? (is|are) kept in History/);
  const kept = Number(/Its (\d+) completed/.exec(await note.innerText())?.[1]);
  expect(kept).toBeGreaterThanOrEqual(2);
  await expect(page.getByTestId('worker-lost')).toContainText('A fresh worker was started');
  await waitForWorker(page);

  // Reset does not delete what was kept, and Train runs to the end on the fresh worker.
  await page.getByRole('button', { name: 'Reset' }).click();
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await waitForRun(page);

  await page.getByTestId('view-history').click();
  const items = page.getByTestId('run-item');
  await expect(items).toHaveCount(2);
  const interrupted = items.filter({ has: page.getByTestId('run-end-tag') });
  await expect(interrupted.getByTestId('run-end-tag')).toHaveText('interrupted');
  await interrupted.getByRole('button', { name: 'Open' }).click();
  await expect(page.getByTestId('run-end')).toContainText(`after ${kept} of 12 epochs`);
});
