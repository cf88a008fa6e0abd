import { expect, test } from '@playwright/test';
import { TINY_RUN, waitForRun } from './fixtures';

test('two tabs: a run deleted in one disappears from the other, and stays deleted', async ({
  context,
}) => {
  const a = await context.newPage();
  await a.goto(`/?${TINY_RUN}&autorun=1`);
  await waitForRun(a);
  await a.getByTestId('view-history').click();
  await expect(a.getByTestId('run-item')).toHaveCount(1);

  const b = await context.newPage();
  await b.goto('/?view=history');
  await expect(b.getByTestId('run-item')).toHaveCount(1);
  await b.getByTestId('run-item').getByRole('button', { name: 'Delete' }).click();
  await expect(b.getByTestId('run-item')).toHaveCount(0);

  await expect(a.getByTestId('run-item')).toHaveCount(0);
  await a.reload();
  await a.getByTestId('view-history').click();
  await expect(a.getByTestId('history-view')).toBeVisible();
  await expect(a.getByTestId('run-item')).toHaveCount(0);
});
