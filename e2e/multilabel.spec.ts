import { readFile } from 'node:fs/promises';
import { expect, test, type Download } from '@playwright/test';

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

  test('a trained multi-label model downloads as a TF.js model of its 56×56 canvases', async ({
    page,
  }) => {
    const units = 8;
    await page.goto(
      `/?${SIGMOID_BCE}&train=100&test=50&epochs=1&batch=50&backend=cpu&units=${units}&autorun=1`,
    );
    await expect(page.getByTestId('training-status')).toHaveAttribute('data-status', 'done', {
      timeout: 90_000,
    });
    await page.getByTestId('view-history').click();
    await page.getByTestId('run-item').first().getByRole('button', { name: 'Open' }).click();
    const downloads: Download[] = [];
    page.on('download', (download) => downloads.push(download));
    await page.getByTestId('download-model').click();
    await expect.poll(() => downloads.length).toBe(2);
    const [json, weights] = downloads;
    expect(json!.suggestedFilename()).toMatch(/^losslab-mlp-sigmoid-binary_crossentropy\.json$/);
    const model = JSON.parse(await readFile(await json!.path(), 'utf8')) as {
      modelTopology: { config: { layers: { config: { batch_input_shape?: unknown } }[] } };
      weightsManifest: { paths: string[] }[];
    };
    // The input is a flattened 56×56 canvas; the weights file holds exactly this model's weights.
    expect(model.modelTopology.config.layers[0]?.config.batch_input_shape).toEqual([null, 3136]);
    expect(model.weightsManifest[0]?.paths).toEqual([`./${weights!.suggestedFilename()}`]);
    const bytes = (await readFile(await weights!.path())).byteLength;
    expect(bytes).toBe(4 * (3136 * units + units + units * 10 + 10));
  });
});
