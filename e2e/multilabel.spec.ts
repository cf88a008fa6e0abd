import { expect, test } from '@playwright/test';

/** A tiny multi-label run: 300 training and 100 test canvases, 2 epochs, on the CPU backend. */
const TINY = 'train=300&test=100&epochs=2&batch=50&backend=cpu';
const SIGMOID_BCE =
  'task=multilabel&labels=multihot&act=sigmoid&loss=binary_crossentropy&metric=binary_accuracy';

test.describe('multi-label results', () => {
  test('the threshold slider re-scores the test set live and the chart marks it', async ({
    page,
  }) => {
    await page.goto(`/?${SIGMOID_BCE}&${TINY}&autorun=1`);
    const status = page.getByTestId('training-status');
    await expect(status).toHaveAttribute('data-status', 'done', { timeout: 90_000 });

    const slider = page.getByRole('slider', { name: /Threshold/ });
    await expect(slider).toHaveValue('0.5');
    await expect(page.getByTestId('threshold-chart').locator('.recharts-line')).toHaveCount(4);
    const recall = page.getByTestId('threshold-recall');
    const precision = page.getByTestId('threshold-precision');
    const before = { recall: await recall.innerText(), precision: await precision.innerText() };

    // Keyboard only: Home goes to the lowest threshold, where every faint output counts.
    await slider.focus();
    await page.keyboard.press('Home');
    await expect(slider).toHaveValue('0.05');
    await expect(page.getByTestId('threshold-value')).toHaveText('0.05');
    await expect(recall).not.toHaveText(before.recall);
    await expect(precision).not.toHaveText(before.precision);
    await expect(page.getByTestId('label-table').locator('caption')).toContainText('above 0.05');

    await page.keyboard.press('ArrowRight');
    await expect(slider).toHaveValue('0.1');
  });

  test('a multi-label preset explains why softmax fails, and the verdict opens the loss lab', async ({
    page,
    context,
  }) => {
    await page.goto('/?backend=cpu');
    await page.getByTestId('preset-multilabel-softmax-cce').click();
    await expect(page.getByLabel('Task', { exact: true })).toHaveValue('multilabel');
    const verdict = page.getByTestId('verdict');
    await expect(verdict).toHaveAttribute('data-level', 'warning');
    await expect(verdict.locator('.verdict-explanation')).toContainText('add up to 1');
    await expect(page.locator('.preset-lesson')).toContainText('Subset accuracy is capped');

    const opened = context.waitForEvent('page');
    await verdict.getByRole('link', { name: 'Open in the loss lab' }).click();
    const lab = await opened;
    await expect(lab).toHaveURL(/\?view=lab&logits=[-\d.,]+&enc=multihot&label=3,7$/);
    await expect(lab.getByTestId('loss-lab').getByLabel('Label encoding')).toHaveValue('multihot');
    await expect(lab.getByLabel('Ignored link parts')).toHaveCount(0);
    await lab.close();
  });
});
