import { expect, test, type Page } from '@playwright/test';
import {
  TINY_RUN,
  VIEWPORTS,
  expectInViewport,
  expectNoHorizontalOverflow,
  waitForRun,
  waitForWorker,
} from './fixtures';

/** The from_logits checkbox sits beside its label, on the label's line. */
async function expectCheckboxBesideLabel(page: Page) {
  // The checkbox's box must be the checkbox itself: in a stretched grid cell Chromium draws the
  // square in the middle of a wide box whose edge still touches the label.
  const check = await page.locator('[data-control="from_logits"] input').boundingBox();
  const label = await page.locator('[data-control="from_logits"] label').boundingBox();
  expect(check!.width).toBeLessThan(24);
  expect(label!.x - (check!.x + check!.width)).toBeLessThan(16);
  expect(Math.abs(label!.y + label!.height / 2 - (check!.y + check!.height / 2))).toBeLessThan(8);
}

/** Long value names (sparse_top_k_categorical_accuracy) break inside their boxes in the grid setup. */
async function expectChipsInsideTheirBoxes(page: Page) {
  const chips = await page.locator('.grid-dimensions').evaluate((fieldset) => {
    const edge = fieldset.getBoundingClientRect().right;
    const all = [...fieldset.querySelectorAll('.chip')];
    const spilled = all.filter(
      (chip) =>
        chip.scrollWidth > chip.clientWidth + 1 || chip.getBoundingClientRect().right > edge,
    );
    return { count: all.length, spilled: spilled.map((chip) => chip.textContent) };
  });
  expect(chips.count).toBeGreaterThan(20);
  expect(chips.spilled).toEqual([]);
}

test('checkbox beside its label and long value names inside their boxes, on a laptop and a projector', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto('/?act=linear');
  await expectCheckboxBesideLabel(page);
  await page.goto('/?view=grid');
  await expectChipsInsideTheirBoxes(page);
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.getByRole('button', { name: 'Presentation mode' }).click();
  await expectChipsInsideTheirBoxes(page);
  await page.goto('/?act=linear');
  // A projector shows the configuration on demand.
  await page.getByRole('button', { name: 'Presets & configuration' }).click();
  await expectCheckboxBesideLabel(page);
});

test.describe('lesson links into the trainer', () => {
  test('a lesson’s trainer link trains its configuration and scrolls to the chart it names', async ({
    page,
  }) => {
    // Step 5 (from_logits) judged: its result offers the gradient chart, in the trainer.
    await page.addInitScript(() => {
      localStorage.setItem(
        'losslab.lessons.v1',
        JSON.stringify({ 'from-logits': { predicted: 'stalls', observed: 'stalls' } }),
      );
    });
    await page.goto('/?view=lessons&step=5');
    const link = page.getByRole('link', { name: 'The gradient chart, in the trainer' });
    await expect(link).toHaveAttribute('href', /act=linear.*&autorun=1&show=gradients$/);
    // The link opens in this tab on a 1,000-digit run: it trains without a click.
    await link.click();
    await expect(page.getByTestId('trainer')).toBeVisible();
    await expect(page.getByTestId('training-status')).not.toHaveText('Ready to train.');
    await expect(page.getByRole('region', { name: 'Gradient at the output' })).toBeInViewport();
    await waitForRun(page);
    await expect(page.getByTestId('curve-gradient')).toHaveAttribute('data-points', /^[1-9]/);
    // The address bar keeps the configuration, not the one-off requests.
    expect(page.url()).toContain('act=linear');
    expect(page.url()).not.toMatch(/autorun|show=/);
  });
});

test.describe('phone, 390 × 844', () => {
  test.use({ viewport: VIEWPORTS.phone });

  test('every view tab in reach, the curves first while training, the warning whole, Run grid on top', async ({
    page,
  }) => {
    await page.goto(`/?${TINY_RUN}&act=linear`);
    await waitForWorker(page);
    for (const tab of await page
      .getByRole('navigation', { name: 'Views' })
      .getByRole('button')
      .all()) {
      await expectInViewport(tab, `the ${await tab.textContent()} tab`);
    }
    // The bar's warning is shown whole, not cut with an ellipsis.
    const text = page.getByTestId('verdict-chip').locator('.verdict-chip-text');
    await expect(text).toHaveText(
      'categorical_crossentropy expects probabilities, but the output is linear',
    );
    expect(await text.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);

    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await waitForRun(page);
    // The run's curves take the first screen; the verdict follows them.
    await expect(page.getByTestId('curve-loss')).toBeInViewport();
    const curves = await page.getByTestId('curve-loss').boundingBox();
    const verdict = await page.getByTestId('verdict').boundingBox();
    expect(curves!.y).toBeLessThan(verdict!.y);
    await expectNoHorizontalOverflow(page, 'trainer after a run');

    await expectCheckboxBesideLabel(page);

    await page.goto('/?view=grid');
    await expectInViewport(page.getByTestId('grid-run'), 'Run grid');
    await expectNoHorizontalOverflow(page, 'grid');
    await expectChipsInsideTheirBoxes(page);
    await page.goto('/?view=lab');
    await expect(page.getByTestId('gradient-bars')).toBeVisible();
    await expectNoHorizontalOverflow(page, 'loss lab');
  });
});

test('the verdict’s fix is a few Tab presses from Train and the top; focus after a fix; Train near the configuration', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`/?${TINY_RUN}&act=linear`);
  await waitForWorker(page);
  const fix = page.getByTestId('bar-fix');
  const train = page.getByRole('button', { name: 'Train', exact: true });
  await expect(fix).toHaveText('Use from_logits=True');
  /** Presses `key` until `target` has the focus; returns how many presses it took. */
  const pressesTo = async (key: string, target: typeof fix) => {
    for (let presses = 1; presses <= 60; presses++) {
      await page.keyboard.press(key);
      if (await target.evaluate((el) => el === document.activeElement)) return presses;
    }
    return Infinity;
  };
  // From the top of the page: past the header's links and tools, then the action bar.
  const fromTop = await pressesTo('Tab', fix);
  console.info(`Tab presses from the top of the page to the fix: ${fromTop}`);
  expect(fromTop).toBeLessThanOrEqual(16);
  // Between Train and the fix: Pause, Stop, Reset and the verdict line.
  expect(await pressesTo('Shift+Tab', train)).toBeLessThanOrEqual(5);
  expect(await pressesTo('Tab', fix)).toBeLessThanOrEqual(5);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('verdict')).toHaveAttribute('data-level', 'ok');
  await expect(fix).toBeHidden();
  // The fix took its button away: focus goes on to Train, the next step, not to the page's top.
  await expect(train).toBeFocused();

  // The same from the verdict's own fix button, further down the page.
  await page.getByLabel('from_logits=True').uncheck();
  const verdictFix = page
    .getByTestId('verdict')
    .getByRole('button', { name: 'Use from_logits=True' });
  await verdictFix.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('verdict')).toHaveAttribute('data-level', 'ok');
  await expect(train).toBeFocused();

  // Back to Train from the configuration after changing the activation: the classic
  // experiments are one Tab stop (a toolbar), so few Shift+Tab presses.
  const activation = page.getByLabel('Output activation');
  await activation.focus();
  await activation.selectOption('sigmoid');
  await expect(activation).toBeFocused();
  const back = await pressesTo('Shift+Tab', train);
  console.info(`Shift+Tab presses from the activation back to Train: ${back}`);
  expect(back).toBeLessThanOrEqual(8);
});
