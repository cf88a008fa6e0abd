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

test('a run another tab is training is listed as training there, then as it ended', async ({
  context,
}) => {
  const a = await context.newPage();
  await a.goto('/?train=300&test=100&epochs=100&batch=100&backend=cpu&autorun=1');
  await expect(a.getByTestId('curve-loss')).toHaveAttribute('data-points', /^([2-9]|\d\d+)$/, {
    timeout: 90_000,
  });

  const b = await context.newPage();
  await b.goto('/?view=history');
  const item = b.getByTestId('run-item');
  await expect(item).toHaveCount(1);
  await expect(item.getByTestId('run-end-tag')).toHaveText('training in another tab');
  await expect(item.getByRole('button', { name: 'Delete' })).toBeDisabled();
  await expect(item.getByRole('button', { name: 'Rename' })).toHaveCount(0);
  await item.getByRole('button', { name: 'Open' }).click();
  await expect(b.getByTestId('run-end')).toHaveAttribute('data-reason', 'elsewhere');

  // Stopped in its tab: listed as stopped here at once, and deletable.
  await a.getByRole('button', { name: 'Stop' }).click();
  await expect(a.getByTestId('training-status')).toHaveAttribute('data-status', 'done');
  await expect(item.getByTestId('run-end-tag')).toHaveText('stopped');
  await expect(b.getByTestId('run-end')).toHaveAttribute('data-reason', 'stopped');
  await item.getByRole('button', { name: 'Delete' }).click();
  await expect(item).toHaveCount(0);
});
