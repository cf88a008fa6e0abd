import { expect, test } from '@playwright/test';
import { waitForWorker } from './fixtures';

/** A tiny run: 600 training and 300 test digits, 3 epochs, on the CPU backend. */
const TINY = 'train=600&test=300&epochs=3&batch=50&backend=cpu';

test.describe('the binary task', () => {
  test('a student picks "is it a 3?", trains one sigmoid unit, reads the results and shares them', async ({
    page,
    context,
  }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.goto(`/?${TINY}`);
    await waitForWorker(page);

    await page.getByLabel('Task', { exact: true }).selectOption('binary');
    await page.getByLabel('Question', { exact: true }).selectOption('3');
    await page.getByTestId('preset-binary-sigmoid-bce').click();
    await expect(page.getByTestId('verdict')).toHaveAttribute('data-level', 'ok');
    await page.getByRole('button', { name: 'Train', exact: true }).click();

    const status = page.getByTestId('training-status');
    await expect(status).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
    const results = page.getByTestId('binary-results');
    await expect(results).toBeVisible();
    // No 10×10 matrix of digits: a 2×2 one of the answers, over all 300 test digits.
    await expect(page.getByTestId('confusion-matrix')).toHaveCount(0);
    const matrix = page.getByTestId('binary-confusion');
    await expect(matrix.locator('tbody tr')).toHaveCount(2);
    await expect(matrix.locator('tbody th')).toHaveText(['not 3', '3']);
    const cell = (row: string, col: string) =>
      matrix.getByTestId(`binary-cell-${row}-${col}`).innerText().then(Number);
    const counts = async () => ({
      tn: await cell('no', 'no'),
      fp: await cell('no', 'yes'),
      fn: await cell('yes', 'no'),
      tp: await cell('yes', 'yes'),
    });
    const at50 = await counts();
    expect(at50.tn + at50.fp + at50.fn + at50.tp).toBe(300);
    // The base rate beside accuracy: about one digit in ten is a 3.
    const positives = at50.tp + at50.fn;
    await expect(page.getByTestId('positive-rate')).toHaveText(
      `${((positives / 300) * 100).toFixed(1)}% of the 300 test digits are 3`,
    );
    await expect(page.getByTestId('binary-always-no')).toHaveText(
      `${((1 - positives / 300) * 100).toFixed(1)}%`,
    );
    await expect(page.getByTestId('binary-auc')).toHaveText(/^0\.\d{3}$|^1\.000$/);
    await expect(page.getByTestId('binary-keras-log')).toHaveText(
      /^val_auc: [01]\.\d{4}(?:e[+-]\d\d)? - val_precision: [01]\.\d{4}(?:e[+-]\d\d)? - val_recall: [01]\.\d{4}(?:e[+-]\d\d)?$/,
    );
    await expect(page.getByTestId('accuracy-resolution')).toContainText('binary_accuracy');

    // Precision, recall and AUC are compiled metrics: every epoch's Keras line logs them, keys
    // sorted as Keras prints them, and the metric chart plots the one chosen.
    const log = page.getByRole('log', { name: 'Training log' });
    await expect(log).toContainText(
      /\d+\/\d+ .*- accuracy: [01]\.\d{4}(?:e[+-]\d\d)? - auc: [01]\.\d{4}(?:e[+-]\d\d)? - loss: \d+\.\d{4} - precision: [01]\.\d{4}(?:e[+-]\d\d)? - recall: [01]\.\d{4}(?:e[+-]\d\d)? - val_accuracy: [01]\.\d{4}(?:e[+-]\d\d)? - val_auc: [01]\.\d{4}(?:e[+-]\d\d)? - val_loss: \d+\.\d{4} - val_precision: [01]\.\d{4}(?:e[+-]\d\d)? - val_recall: [01]\.\d{4}(?:e[+-]\d\d)?$/,
    );
    const lastLine = (await log.innerText()).trim().split('\n').at(-1) ?? '';
    const logged = (key: string) => new RegExp(`- ${key}: (\\S+)`).exec(lastLine)?.[1];
    // The last epoch's val_ numbers are the results' Keras line (the same model, the same digits).
    await expect(page.getByTestId('binary-keras-log')).toHaveText(
      `val_auc: ${logged('val_auc')} - val_precision: ${logged('val_precision')} - val_recall: ${logged('val_recall')}`,
    );
    const metricChart = page.getByTestId('curve-metric');
    await expect(metricChart.locator('.chart-title')).toHaveText('Metric: accuracy');
    await page.getByTestId('curve-metric-choice').selectOption('recall');
    await expect(metricChart.locator('.chart-title')).toHaveText('Metric: recall');
    await expect(metricChart.getByRole('list')).toHaveText(/recall\s*val_recall/);
    await expect(page.getByTestId('binary-roc').locator('.recharts-line-curve')).toBeVisible();
    await expect(page.getByTestId('binary-pr').locator('.recharts-line-curve')).toBeVisible();

    // Test digits with their probability of being a 3.
    const outputs = await page.getByTestId('binary-output').allInnerTexts();
    expect(outputs.length).toBeGreaterThan(0);
    for (const text of outputs) expect(text).toMatch(/^P\(3\) = [01]\.\d{3}$/);

    // The lowest threshold says "3" more often: recall can only rise, nothing is lost.
    const slider = page.getByRole('slider', { name: /Threshold/ });
    await slider.focus();
    await page.keyboard.press('Home');
    await expect(page.getByTestId('binary-threshold')).toHaveText('0.05');
    await expect(matrix.locator('caption')).toContainText('above 0.05');
    const at05 = await counts();
    expect(at05.tp + at05.fn).toBe(positives);
    expect(at05.tp).toBeGreaterThanOrEqual(at50.tp);
    expect(at05.tp + at05.fp).toBeGreaterThan(at50.tp + at50.fp);
    await expect(page.getByTestId('binary-keras-metrics')).toContainText('thresholds=0.05');

    // Share: the copied link asks the same question of the same model.
    await page.getByRole('button', { name: 'Copy link' }).click();
    await expect(page.getByText('Link copied.')).toBeVisible();
    const copied = new URL(await page.evaluate(() => navigator.clipboard.readText()));
    const params = copied.searchParams;
    expect(params.get('task')).toBe('binary');
    expect(params.get('target')).toBe('3');
    expect(params.get('outputs')).toBe('1');
    expect(params.get('act')).toBe('sigmoid');
    expect(params.get('loss')).toBe('binary_crossentropy');

    const shared = await context.newPage();
    await shared.goto(copied.pathname + copied.search);
    await expect(shared.getByLabel('Task', { exact: true })).toHaveValue('binary');
    await expect(shared.getByLabel('Question', { exact: true })).toHaveValue('3');
    await expect(shared.getByLabel('Ignored link parts')).toHaveCount(0);
  });
});
