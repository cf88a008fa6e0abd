import { expect, test } from '@playwright/test';
import { waitForRun } from './fixtures';

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
