import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { TINY_RUN, waitForRun, waitForWorker } from './fixtures';

test('with storage blocked, the trainer says the run is not saved and offers it as JSON', async ({
  page,
}) => {
  // As in a browser that refuses this site any storage: every open of IndexedDB fails.
  await page.addInitScript(() => {
    const refuse = () => {
      throw new DOMException('The user denied permission to access the database.', 'SecurityError');
    };
    Object.defineProperty(IDBFactory.prototype, 'open', { value: refuse });
  });
  await page.goto(`/?${TINY_RUN}`);
  await waitForWorker(page);
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await waitForRun(page);

  const notice = page.getByTestId('unsaved-runs');
  await expect(notice).toContainText('The last run is not saved');
  await expect(notice).toContainText('does not let the page store data');
  const download = page.waitForEvent('download');
  await notice.getByRole('button', { name: 'Download it (JSON)' }).click();
  const file = await download;
  const exported = JSON.parse(await readFile(await file.path(), 'utf8')) as {
    format: string;
    runs: { reason: string; history: unknown[] }[];
  };
  expect(exported.format).toBe('losslab-export');
  expect(exported.runs).toHaveLength(1);
  expect(exported.runs[0]?.reason).toBe('completed');
  expect(exported.runs[0]?.history).toHaveLength(1);
});
