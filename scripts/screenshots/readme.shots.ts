import { expect, test, type Page } from '@playwright/test';

/**
 * The README's pictures (docs/screenshots/*.png), each from a real run in the real build: a
 * laptop in light and dark, presentation mode on a projector, a phone, the grid, the loss lab.
 * Runs are small (2,000 training and 500 test digits, 3 epochs, CPU backend) so the whole set
 * takes about two minutes.
 */
const OUT = new URL('../../docs/screenshots/', import.meta.url);
const RUN = 'train=2000&test=500&epochs=3&batch=64&backend=cpu&seed=42';
const LESSON = `act=sigmoid&loss=sparse_categorical_crossentropy&labels=int&${RUN}`;

async function shoot(page: Page, name: string) {
  // Let the last frame of the charts settle (no animation, but fonts and layout may still move).
  await page.evaluate(
    () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
  );
  await page.screenshot({ path: new URL(`${name}.png`, OUT).pathname });
}

async function trainedTrainer(page: Page, query: string) {
  await page.goto(`/?${query}&autorun=1`);
  await expect(page.getByTestId('training-status')).toHaveAttribute('data-status', 'done');
  // The curves redraw at most once a second: wait until they show the finished run.
  for (const chart of ['curve-loss', 'curve-metric']) {
    await expect(page.getByTestId(chart)).toHaveAttribute('data-current', 'true');
  }
  await page.evaluate(() => window.scrollTo(0, 0));
}

test.describe('README screenshots', () => {
  test('laptop, light and dark', async ({ page }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.emulateMedia({ colorScheme: 'light' });
    await trainedTrainer(page, LESSON);
    await shoot(page, 'laptop-light');
    await page.getByLabel('Theme').selectOption('dark');
    await shoot(page, 'laptop-dark');
    await page.getByLabel('Theme').selectOption('system');
  });

  test('presentation mode on a projector', async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto('/');
    await page.getByRole('button', { name: 'Presentation mode' }).click();
    await trainedTrainer(page, LESSON);
    await shoot(page, 'presentation');
  });

  test('phone', async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.emulateMedia({ colorScheme: 'light' });
    await trainedTrainer(page, LESSON);
    await shoot(page, 'phone');
  });

  test('binary task results', async ({ page }) => {
    // Tall enough that the whole page fits: the results are shot without the sticky action bar.
    await page.setViewportSize({ width: 1440, height: 3200 });
    await page.emulateMedia({ colorScheme: 'light' });
    await trainedTrainer(
      page,
      `task=binary&target=3&outputs=1&act=sigmoid&loss=binary_crossentropy&labels=column&${RUN}`,
    );
    await page.locator('section.results').screenshot({ path: new URL('binary.png', OUT).pathname });
  });

  test('binary task: recall per epoch, and the pos_weight grid', async ({ page }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.emulateMedia({ colorScheme: 'light' });
    await trainedTrainer(
      page,
      `task=binary&target=7&outputs=1&act=sigmoid&loss=binary_crossentropy&labels=column&${RUN}`,
    );
    await page.getByTestId('curve-metric-choice').selectOption('recall');
    await expect(page.getByTestId('curve-metric').locator('.chart-title')).toHaveText(
      'Metric: recall',
    );
    // The charts redraw at most once a second: the legend follows the series drawn.
    await expect(page.getByTestId('curve-metric').getByRole('list')).toContainText('val_recall');
    await expect(page.getByTestId('curve-metric')).toHaveAttribute('data-current', 'true');
    await page.locator('section.curves').screenshot({
      path: new URL('binary-curves.png', OUT).pathname,
    });
    await page.goto(
      '/?view=grid&v=1&sweep=pos_weight&pos_weight=0.3,1,3,9,27&task=binary&target=7&outputs=1' +
        '&act=linear&loss=weighted_binary_crossentropy&labels=column&from_logits=false' +
        '&metric=accuracy&train=2000&test=500&epochs=3&batch=64&backend=cpu&seed=42&autorun=1',
    );
    await expect(page.getByTestId('grid-status')).toHaveAttribute('data-status', 'done');
    await page.getByTestId('heat-choice').selectOption('val_recall');
    await page.getByTestId('heat-maps').scrollIntoViewIfNeeded();
    await shoot(page, 'binary-grid');
  });

  test('grid with results', async ({ page }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(
      '/?view=grid&v=1&sweep=labels,act,loss&labels=int,onehot&act=linear,sigmoid,softmax' +
        '&loss=binary_crossentropy,categorical_crossentropy,sparse_categorical_crossentropy' +
        '&from_logits=auto&metric=accuracy&semantics=tf&train=1000&test=300&epochs=1&batch=64' +
        '&backend=cpu&seed=42&autorun=1',
    );
    await expect(page.getByTestId('grid-status')).toHaveAttribute('data-status', 'done');
    await page.getByTestId('heat-maps').scrollIntoViewIfNeeded();
    await shoot(page, 'grid');
  });

  test('loss lab', async ({ page }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto('/?view=lab&preset=extreme');
    await expect(page.getByRole('heading', { name: 'Loss lab' })).toBeVisible();
    await shoot(page, 'loss-lab');
  });
});
