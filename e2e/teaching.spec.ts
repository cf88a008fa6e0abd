import { expect, test } from '@playwright/test';

/**
 * The gradient chart and the frameworks panel in the real build, through the URL (issue 15):
 * the stall of a linear output read as probabilities, the seed's ×10 snippet in the trainer, and
 * the lab's panel following the selected cell.
 */
const TINY = 'train=300&test=100&epochs=1&batch=50&backend=cpu&seed=42';

test('a linear output with from_logits=False and CCE shows most outputs at zero gradient', async ({
  page,
}) => {
  await page.goto(
    `/?act=linear&loss=categorical_crossentropy&from_logits=false&labels=onehot&${TINY}&autorun=1`,
  );
  const chart = page.getByTestId('curve-gradient');
  await expect(chart).toHaveAttribute('data-points', '1', { timeout: 120_000 });
  await expect(page.getByTestId('gradient-reading')).toContainText(
    /of the outputs get no gradient\. Most outputs are clipped/,
  );
});

test('the trainer names the seed snippet at 10 × Keras for sigmoid + BCE', async ({ page }) => {
  await page.goto(
    '/?task=multilabel&labels=multihot&act=sigmoid&loss=binary_crossentropy&metric=binary_accuracy',
  );
  const panel = page.getByTestId('frameworks');
  await expect(panel.getByTestId('frameworks-keras')).toHaveText('0.58446');
  const seed = panel.getByRole('row').filter({ hasText: 'reduce_sum' });
  await expect(seed).toHaveAttribute('data-relation', 'scaled');
  await expect(seed).toContainText('5.8446');
  await expect(seed).toContainText('10 × Keras');
});

test('the lab’s frameworks panel follows the selected cell', async ({ page }) => {
  await page.goto('/?view=lab&preset=extreme');
  const panel = page.getByTestId('frameworks');
  await expect(panel.getByTestId('frameworks-keras')).toHaveText('130');
  await page.getByLabel(': categorical_crossentropy, from_logits=False, softmax, plain').click();
  await expect(panel.getByTestId('frameworks-keras')).toHaveText('16.118');
  await expect(panel.locator('tr[data-relation="differs"]')).toHaveCount(5);
});
