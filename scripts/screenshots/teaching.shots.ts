import { expect, test, type Page } from '@playwright/test';

/**
 * The README's teaching pictures (docs/screenshots/*.png) from the real build: a lesson step
 * after its run, the gradient chart beside the curves (a stall and a softmax run), and the
 * frameworks panel in the trainer and in the loss lab.
 */
const OUT = new URL('../../docs/screenshots/', import.meta.url);
const TINY = 'train=3000&test=500&batch=64&epochs=3&backend=cpu&seed=42&units=32';

const path = (name: string) => new URL(`${name}.png`, OUT).pathname;

/** A picture of the page around several parts, scrolled as the page is. */
async function shootAround(page: Page, name: string, selectors: string[]) {
  const boxes = await Promise.all(selectors.map((s) => page.locator(s).boundingBox()));
  const scroll = await page.evaluate(() => ({ x: window.scrollX, y: window.scrollY }));
  const present = boxes.filter((b) => b !== null);
  expect(present).toHaveLength(selectors.length);
  const x = Math.min(...present.map((b) => b.x)) + scroll.x;
  const y = Math.min(...present.map((b) => b.y)) + scroll.y;
  const right = Math.max(...present.map((b) => b.x + b.width)) + scroll.x;
  const bottom = Math.max(...present.map((b) => b.y + b.height)) + scroll.y;
  await page.screenshot({
    path: path(name),
    fullPage: true,
    clip: { x, y, width: right - x, height: bottom - y },
  });
}

test.describe('teaching pictures', () => {
  test.use({ viewport: { width: 1440, height: 900 }, colorScheme: 'light' });

  test('a lesson step after its run', async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 1000 });
    await page.goto('/?view=lessons&step=3');
    await page.getByTestId('lesson-choice-same').check();
    await expect(page.getByTestId('lesson-run')).toBeEnabled();
    await page.getByTestId('lesson-run').click();
    await expect(page.getByTestId('lesson-predicted')).toContainText('right');
    await expect(page.getByTestId('lesson-reference').getByRole('row')).toHaveCount(5);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.locator('main').screenshot({ path: path('lessons') });
  });

  for (const [name, act] of [
    ['gradient-stall', 'linear'],
    ['gradient-softmax', 'softmax'],
  ] as const) {
    test(`the gradient chart: ${name}`, async ({ page }) => {
      await page.goto(
        `/?act=${act}&loss=categorical_crossentropy&from_logits=false&labels=onehot&${TINY}&autorun=1`,
      );
      await expect(page.getByTestId('curve-gradient')).toHaveAttribute('data-points', '3');
      await page.getByTestId('curve-loss').scrollIntoViewIfNeeded();
      // The curves and, right under them, the gradient panel: one picture of both.
      await shootAround(page, name, ['section.curves', 'section.gradient-panel']);
    });
  }

  test('the frameworks panel in the trainer and the loss lab', async ({ page }) => {
    // The seed's multi-label configuration: the ×10 snippet.
    await page.goto(
      '/?task=multilabel&act=sigmoid&loss=binary_crossentropy&labels=multihot&metric=binary_accuracy',
    );
    await page.getByTestId('frameworks').screenshot({ path: path('frameworks-trainer') });
    // The saturated preset on JAX, where every framework call gives 130 and Keras 16.1.
    await page.goto('/?view=lab&preset=extreme');
    // A cell's accessible name is its value, then what it computes.
    await page
      .getByRole('button', {
        name: /: categorical_crossentropy, from_logits=False, softmax, plain$/,
      })
      .click();
    await page.getByTestId('frameworks').screenshot({ path: path('frameworks-lab') });
  });
});
