import { expect, test } from '@playwright/test';
import { existsSync } from 'node:fs';

/**
 * The built-in Fashion-MNIST clothes: six classes, named on the page. The app is built with the
 * file only where Debian's dataset-fashion-mnist is installed (CI installs it; .ci/run).
 */
const FILE = 'data/fashion-clothes-10k.bin.gz';
const GARMENTS = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Shirt'];
const TINY = 'train=600&test=120&epochs=1&batch=50&backend=cpu';

test.describe('Fashion-MNIST clothes (built in)', () => {
  test.skip(!existsSync(FILE), `no ${FILE}: apt-get install dataset-fashion-mnist; npm run data`);

  test('a link trains on the six garments and the results name them', async ({ page }) => {
    await page.goto(`/?data=clothes&${TINY}&autorun=1`);
    await expect(page.getByTestId('worker-status')).toHaveText(
      'Ready: 10,000 garments loaded from fashion-clothes-10k.bin.',
    );
    const captions = page.getByTestId('sample-digit').locator('figcaption');
    await expect(captions.first()).toBeVisible();
    for (const caption of await captions.allInnerTexts()) expect(GARMENTS).toContain(caption);

    await expect(page.getByTestId('training-status')).toHaveAttribute('data-status', 'done', {
      timeout: 90_000,
    });
    await expect(page.getByRole('heading', { name: 'Results on the test garments' })).toBeVisible();
    const matrix = page.getByTestId('confusion-matrix');
    await expect(matrix.locator('thead th')).toHaveText(['true \\ predicted', ...GARMENTS, 'acc.']);
    await expect(matrix.locator('tbody th')).toHaveText(GARMENTS);
    await expect(page.getByTestId('prediction').first()).toContainText(
      new RegExp(`true (${GARMENTS.map((g) => g.replace('/', '\\/')).join('|')})`),
    );
    await expect(page.getByTestId('run-size')).toContainText('120 test garments');
  });

  test('the binary task says why it cannot run on them, and MNIST is one click away', async ({
    page,
  }) => {
    // The textbook binary setup, which trains on MNIST: only the data blocks it here.
    const binary = 'task=binary&target=3&act=sigmoid&loss=binary_crossentropy&labels=column';
    await page.goto(`/?data=clothes&${binary}&${TINY}`);
    await expect(page.getByTestId('task-problem')).toContainText(
      'The binary task asks about digits',
    );
    await expect(page.getByRole('button', { name: 'Train', exact: true })).toBeDisabled();
    await page.getByRole('button', { name: 'Use built-in MNIST' }).click();
    await expect(page.getByTestId('worker-status')).toContainText('10,000 digits loaded');
    await expect(page.getByTestId('task-problem')).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Train', exact: true })).toBeEnabled();
  });
});
