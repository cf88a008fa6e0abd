import { expect, test, type Page } from '@playwright/test';

/** Presses Tab until `reached` holds for the focused element (at most `max` presses). */
async function tabTo(page: Page, what: string, reached: (el: Element | null) => boolean, max = 40) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluateHandle(() => document.activeElement);
    if (await focused.evaluate(reached)) return;
  }
  throw new Error(`Tab never reached ${what}`);
}

test.describe('lessons', () => {
  test('a lesson by keyboard: predict, run on real digits, the result against the prediction', async ({
    page,
  }) => {
    // Step 3: sigmoid + sparse cross-entropy, the lesson's own preset (1,000 digits, 3 epochs).
    await page.goto('/?view=lessons&step=3');
    await expect(page.getByTestId('lesson-title')).toHaveText(
      'A sigmoid output with sparse cross-entropy',
    );
    await expect(page.getByTestId('lesson-run')).toBeDisabled();

    // The first choice by keyboard: Tab into the radio group, Space selects it.
    await tabTo(
      page,
      'the prediction',
      (el) => el instanceof HTMLInputElement && el.type === 'radio',
    );
    await page.keyboard.press('Space');
    await expect(page.getByTestId('lesson-choice-same')).toBeChecked();
    // Run, once the worker is ready, is the next stop after the radio group.
    await expect(page.getByTestId('lesson-run')).toBeEnabled({ timeout: 60_000 });
    await page.keyboard.press('Tab');
    await expect(page.getByTestId('lesson-run')).toBeFocused();
    await page.keyboard.press('Enter');

    // The live region announces the result; the focus moves to it.
    const status = page.getByTestId('lesson-status');
    await expect(status).toHaveText(
      'Result: Like the softmax model: the same losses, the same accuracy. Your prediction was right.',
      { timeout: 90_000 },
    );
    await expect(page.getByRole('heading', { name: 'What the run showed' })).toBeFocused();
    await expect(page.getByTestId('lesson-predicted')).toContainText('✓ right');
    await expect(page.getByTestId('lesson-numbers')).toHaveText(
      /^It trained for 3 epochs: validation sparse_categorical_accuracy 0\.(7|8|9)\d, loss \d\.\d\d\. The softmax model: validation accuracy 0\.(7|8|9)\d, loss \d\.\d\d; every epoch's losses agree to within 0\.0\d\d\.$/,
    );
    // The softmax model's numbers beside the sigmoid run's, epoch by epoch.
    const table = page.getByTestId('lesson-reference');
    await expect(table.getByRole('row')).toHaveCount(5);
    const epoch3 = await table.getByRole('row').nth(4).getByRole('cell').allTextContents();
    expect(epoch3.slice(0, 3)).toEqual(epoch3.slice(3));
    await expect(page.getByTestId('lessons-summary')).toHaveText(
      '1 of 11 steps run, 1 prediction right',
    );
    await expect(page.getByTestId('lesson-step-3')).toHaveAttribute('data-state', 'right');

    // Next by keyboard: the next step's title takes the focus, and the address bar follows.
    await tabTo(page, 'Next step', (el) => el?.getAttribute('data-testid') === 'lesson-next');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('lesson-title')).toBeFocused();
    await expect(page.getByTestId('lesson-title')).toHaveText(/^Binary cross-entropy on one-hot/);
    await expect(page).toHaveURL(/\?view=lessons&step=4$/);

    // The progress survives a reload.
    await page.goto('/?view=lessons&step=3');
    await expect(page.getByTestId('lesson-predicted')).toContainText('✓ right');
    await expect(page.getByTestId('lesson-choice-same')).toBeChecked();
  });

  test('a link opens a step, hides the step list and the views, and lists what it ignored', async ({
    page,
  }) => {
    await page.goto('/?view=lessons&step=5&hide=steps,views,answers');
    await expect(page.getByTestId('lesson-title')).toHaveText(/^from_logits:/);
    await expect(page.getByRole('navigation', { name: 'Lesson steps' })).toHaveCount(0);
    await expect(page.getByRole('navigation', { name: 'Views' })).toHaveCount(0);
    await expect(page.getByTestId('lesson-prev')).toHaveCount(0);
    await expect(page.getByTestId('lesson-next')).toHaveCount(0);
    await expect(page.getByTestId('link-notice')).toContainText('answers: expected steps or views');

    await page.goto('/?view=lessons&step=0');
    await expect(page.getByTestId('lesson-title')).toHaveText(/^Integer labels and categorical/);
    await expect(page.getByTestId('link-notice')).toContainText('expected a step from 1 to 11');
    await expect(page.getByRole('navigation', { name: 'Views' })).toBeVisible();
    await expect(page.getByRole('navigation', { name: 'Lesson steps' })).toBeVisible();
    await expect(page.getByTestId('lesson-next')).toBeVisible();
  });
});
