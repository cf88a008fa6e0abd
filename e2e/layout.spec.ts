import { expect, test, type Page } from '@playwright/test';
import {
  expectInViewport,
  expectNoHorizontalOverflow,
  expectNoOverlappingText,
  setAppearance,
  TINY_RUN,
  VIEWPORTS,
  waitForRun,
  waitForWorker,
} from './fixtures';

/**
 * One layout for the three places LossLab is used, checked as a person would look at it: what is
 * on the first screen, what stays in reach, what never overlaps or overflows.
 */
const train = (page: Page) => page.getByRole('button', { name: 'Train', exact: true });

test.describe('laptop, 1440 × 900', () => {
  test.use({ viewport: VIEWPORTS.laptop });

  test('verdict, Train and the live curves share the first screen; the configuration stays in reach', async ({
    page,
  }) => {
    // The longest verdict of the classic experiments, so the check holds for all of them.
    await page.goto(`/?act=sigmoid&loss=sparse_categorical_crossentropy&labels=int&${TINY_RUN}`);
    await waitForWorker(page);
    await train(page).click();
    await waitForRun(page);
    await page.evaluate(() => window.scrollTo(0, 0));
    await expectInViewport(train(page), 'Train');
    await expectInViewport(page.getByTestId('verdict'), 'the verdict');
    await expectInViewport(page.getByTestId('curve-loss'), 'the loss chart');
    await expectInViewport(page.getByTestId('curve-metric'), 'the metric chart');
    for (const id of ['curve-loss', 'curve-metric']) {
      await expectNoOverlappingText(page.getByTestId(id), id);
    }

    // Scrolled down to the results, the configuration (sticky) and Train (sticky) are in view.
    await page.getByTestId('confusion-matrix').scrollIntoViewIfNeeded();
    await expectInViewport(page.getByLabel('Output activation', { exact: true }), 'config');
    await expectInViewport(train(page), 'Train after scrolling');
    await expectNoHorizontalOverflow(page, 'trainer at 1440 px');
  });
});

test.describe('projector, 1280 × 720, presentation mode', () => {
  test.use({ viewport: VIEWPORTS.projector });

  test('verdict, Train/Pause/Stop and both charts on one screen, text scaled, nothing overlapping', async ({
    page,
  }) => {
    await page.goto(`/?${TINY_RUN}`);
    await waitForWorker(page);
    const tickSize = () =>
      page
        .getByTestId('curve-loss')
        .locator('svg text')
        .first()
        .evaluate((t) => parseFloat(getComputedStyle(t).fontSize));
    const laptopTicks = await tickSize();
    await setAppearance(page, 'presentation');
    await train(page).click();
    await waitForRun(page);

    for (const [label, locator] of [
      ['Train', train(page)],
      ['Pause', page.getByRole('button', { name: 'Pause' })],
      ['Stop', page.getByRole('button', { name: 'Stop' })],
      ['the verdict', page.getByTestId('verdict')],
      ['the loss chart', page.getByTestId('curve-loss')],
      ['the metric chart', page.getByTestId('curve-metric')],
    ] as const) {
      await expectInViewport(locator, label);
    }
    // The charts' text grew with the page, and there is room for more than three y ticks.
    expect(await tickSize()).toBeGreaterThan(laptopTicks * 1.2);
    const yTicks = await page
      .getByTestId('curve-loss')
      .locator('.recharts-yAxis .recharts-cartesian-axis-tick')
      .count();
    expect(yTicks).toBeGreaterThanOrEqual(4);
    for (const id of ['curve-loss', 'curve-metric']) {
      await expectNoOverlappingText(page.getByTestId(id), `${id} in presentation mode`);
    }

    // Presets and configuration are one click away, and folding them back restores the screen.
    const toggle = page.getByTestId('setup-toggle');
    await expect(page.getByRole('heading', { name: 'Configuration' })).toBeHidden();
    await toggle.click();
    await expect(toggle).toHaveAttribute('aria-expanded', 'true');
    await page.getByTestId('preset-error-int-cce').click();
    await expect(page.getByTestId('verdict')).toHaveAttribute('data-level', 'error');
    await toggle.click();
    // A rejected configuration (the longest verdict) still fits with the charts.
    await expectInViewport(page.getByTestId('verdict'), 'the error verdict');
    await expectInViewport(page.getByTestId('curve-metric'), 'the metric chart');
    await expectInViewport(train(page), 'Train');
  });
});

test.describe('phone, 390 × 844', () => {
  test.use({ viewport: VIEWPORTS.phone });

  test('no sideways scrolling, Train always in reach, a changed control answers where it was changed', async ({
    page,
  }) => {
    await page.goto(`/?${TINY_RUN}`);
    await waitForWorker(page);
    await expectNoHorizontalOverflow(page, 'trainer at 390 px');
    await expectInViewport(train(page), 'Train on opening');

    // The activation select is far down the page; change it there.
    const activation = page.getByLabel('Output activation', { exact: true });
    await activation.scrollIntoViewIfNeeded();
    await expectInViewport(train(page), 'Train next to the configuration');
    const chip = page.getByTestId('verdict-chip');
    await page.getByLabel('Loss', { exact: true }).selectOption('sparse_categorical_crossentropy');
    await expect(chip).toHaveAttribute('data-level', 'error');
    await expectInViewport(chip, 'the verdict line');
    await expect(chip).toContainText('sparse_categorical_crossentropy needs class ids');
    // The bar does not cover the control the student just used.
    const select = await page.getByLabel('Loss', { exact: true }).boundingBox();
    const bar = await page.getByTestId('action-bar').boundingBox();
    expect(select!.y + select!.height).toBeLessThanOrEqual(bar!.y);

    // The verdict line leads to the full verdict.
    await chip.click();
    await expect(page.getByTestId('verdict')).toBeFocused();
    await expectInViewport(page.getByTestId('keras-error'), "Keras' message");

    await page.getByLabel('Loss', { exact: true }).selectOption('categorical_crossentropy');
    await train(page).click();
    await waitForRun(page);
    await expectNoHorizontalOverflow(page, 'trainer after a run at 390 px');
  });
});
