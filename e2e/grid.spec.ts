import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';

/** Tiny cells: 300 training and 100 test digits, one or two epochs of 6 steps, on the CPU. */
const TINY = 'train=300&test=100&batch=50&backend=cpu&seed=42';
const CLASSIC =
  '/?view=grid&v=1&sweep=labels,act,loss&labels=int,onehot&act=linear,sigmoid,softmax' +
  '&loss=binary_crossentropy,categorical_crossentropy,sparse_categorical_crossentropy' +
  `&from_logits=auto&task=multiclass&metric=accuracy&semantics=tf&${TINY}`;

// 300 digits in batches of 50: every batch is full, so TensorFlow's traced step knows the batch size.
const RANK_ERROR =
  'Arguments `target` and `output` must have the same rank (ndim). Received: target.shape=(50,), output.shape=(50, 10)';
const SPARSE_ERROR =
  'Argument `output` must have rank (ndim) `target.ndim - 1`. Received: target.shape=(50, 10), output.shape=(50, 10)';

const rows = (page: Page) => page.getByTestId('grid-row');
const row = (page: Page, cell: string) =>
  page.locator(`[data-testid="grid-row"][data-cell="${cell}"]`);
const status = (page: Page) => page.getByTestId('grid-status');

test.describe('experiment grid', () => {
  test('the classic table runs from its link: error cells carry Keras’ message, and it survives a reload', async ({
    page,
  }) => {
    test.setTimeout(240_000);
    await page.goto(`${CLASSIC}&epochs=1&autorun=1`);
    await expect(page.getByTestId('view-grid')).toHaveAttribute('aria-current', 'page');
    await expect(rows(page)).toHaveCount(18);
    await expect(status(page)).toHaveAttribute('data-status', 'done', { timeout: 200_000 });

    await expect(page.locator('[data-testid="grid-row"][data-status="skipped"]')).toHaveCount(9);
    await expect(page.locator('[data-testid="grid-row"][data-status="done"]')).toHaveCount(9);
    for (const act of ['linear', 'sigmoid', 'softmax']) {
      const logits = act === 'linear' ? 'true' : 'false';
      for (const loss of ['binary_crossentropy', 'categorical_crossentropy']) {
        await expect(
          row(page, `labels=int;act=${act};loss=${loss};from_logits=${logits}`).getByTestId(
            'keras-error',
          ),
        ).toHaveText(RANK_ERROR);
      }
      await expect(
        row(
          page,
          `labels=onehot;act=${act};loss=sparse_categorical_crossentropy;from_logits=${logits}`,
        ).getByTestId('keras-error'),
      ).toHaveText(SPARSE_ERROR);
    }

    // Under TensorFlow semantics the sigmoid and softmax rows with SCCE train on the same logits.
    const val = (cell: string) => row(page, cell).getByTestId('val-metric').innerText();
    const softmax = await val(
      'labels=int;act=softmax;loss=sparse_categorical_crossentropy;from_logits=false',
    );
    const sigmoid = await val(
      'labels=int;act=sigmoid;loss=sparse_categorical_crossentropy;from_logits=false',
    );
    expect(Number(softmax)).toBeGreaterThan(0.3);
    expect(sigmoid).toBe(softmax);

    // Clicking a cell opens its explanation (and, for an error cell, Keras' message).
    await page
      .getByTestId('heat-maps')
      .getByRole('button', { name: 'Keras error' })
      .first()
      .click();
    await expect(page.getByTestId('cell-keras-error')).toHaveText(RANK_ERROR);

    // Export the table as CSV and check what it holds.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-csv').click(),
    ]);
    const csv = await readFile(await download.path(), 'utf8');
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'cell,labels,act,loss,from_logits,verdict,keras_error,status,final_loss,final_accuracy,final_val_loss,final_val_accuracy,epochs,seconds,data',
    );
    expect(lines).toHaveLength(19);
    expect(csv).toContain(`,error,"${RANK_ERROR}",skipped,`);
    const softmaxLine = lines.find((l) =>
      l.startsWith(
        'labels=int;act=softmax;loss=sparse_categorical_crossentropy;from_logits=false,',
      ),
    )!;
    expect(softmaxLine).toMatch(/,ok,,done,[\d.]+,[\d.]+,[\d.]+,[\d.]+,1,[\d.]+,mnist$/);

    // The finished table is still there after a reload (IndexedDB).
    await page.goto(CLASSIC + '&epochs=1');
    await expect(status(page)).toHaveAttribute('data-status', 'done');
    await expect(page.locator('[data-testid="grid-row"][data-status="done"]')).toHaveCount(9);
    expect(
      await val('labels=int;act=softmax;loss=sparse_categorical_crossentropy;from_logits=false'),
    ).toBe(softmax);
    await page.getByTestId('view-history').click();
    await expect(page.getByTestId('grid-item')).toHaveCount(1);
    await expect(page.getByTestId('grid-item')).toContainText('9 of 9 cells trained');
  });

  test('a grid interrupted by a reload resumes from the cells already finished', async ({
    page,
  }) => {
    test.setTimeout(240_000);
    const link = `${CLASSIC}&epochs=2`;
    await page.goto(`${link}&autorun=1`);
    await expect
      .poll(async () => Number(await page.getByTestId('grid-progress').getAttribute('value')), {
        timeout: 120_000,
      })
      .toBeGreaterThanOrEqual(2);
    await page.goto(link); // a reload mid-grid, without autorun
    const run = page.getByTestId('grid-run');
    await expect(run).toHaveText(/Resume \(\d of 9 done\)/);
    const finished = Number(/Resume \((\d) of/.exec(await run.innerText())![1]);
    expect(finished).toBeGreaterThanOrEqual(2);
    await expect(page.locator('[data-testid="grid-row"][data-status="done"]')).toHaveCount(
      finished,
    );
    await expect(run).toBeEnabled({ timeout: 60_000 });
    await run.click();
    await expect(status(page)).toHaveAttribute('data-status', 'done', { timeout: 200_000 });
    await expect(page.locator('[data-testid="grid-row"][data-status="done"]')).toHaveCount(9);
  });

  test('compare two runs: overlaid curves, the legend names what differs', async ({ page }) => {
    await page.goto(
      `/?view=grid&v=1&sweep=act&act=sigmoid,softmax&loss=categorical_crossentropy&labels=onehot&from_logits=false&epochs=2&${TINY}&autorun=1`,
    );
    await expect(status(page)).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
    for (const cell of ['act=sigmoid', 'act=softmax']) {
      await row(page, cell).locator('td').first().click();
      await expect(page.getByTestId('cell-detail')).toBeVisible();
      await page.getByTestId('cell-detail').getByLabel('add to the comparison').check();
    }
    await page.getByTestId('view-history').click();
    await expect(page).toHaveURL(/view=history/);
    await expect(page.getByTestId('compare-chart')).toHaveAttribute('data-series', '2');
    await expect(page.getByTestId('compare-differs')).toHaveText(
      'What differs: output activation.',
    );
    await expect(page.getByTestId('compare-legend')).toContainText('sigmoid');
    await expect(page.getByTestId('compare-legend')).toContainText('softmax');
    await expect(page.getByTestId('compare-chart').locator('.recharts-line-curve')).toHaveCount(2);
    // On TensorFlow sigmoid + CCE trains exactly like softmax + CCE: one line hides the other.
    await expect(page.getByTestId('compare-coincide')).toContainText(
      /(softmax and sigmoid|sigmoid and softmax) coincide/,
    );
  });
});
