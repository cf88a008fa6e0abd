import { expect, test, type Page } from '@playwright/test';

/**
 * The grid, history, loss lab, charts, results and code export load on demand (src/ui/parts.ts):
 * a direct link to each still opens it, with a visible loading state while its code arrives.
 */

/** Holds back the chunk whose file name starts with `name` until `release` is called. */
async function holdChunk(page: Page, name: string) {
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route(new RegExp(`/assets/${name}-[\\w-]+\\.js$`), async (route) => {
    await released;
    await route.continue();
  });
  return () => release();
}

test.describe('lazily loaded views', () => {
  test('a direct link to the grid shows a loading state, then the grid', async ({ page }) => {
    const release = await holdChunk(page, 'GridView');
    await page.goto('/?view=grid');
    await expect(page.getByTestId('lazy-loading')).toHaveText('Loading the grid…');
    release();
    await expect(page.getByTestId('grid-view')).toBeVisible();
    await expect(page.getByTestId('lazy-loading')).toHaveCount(0);
    await expect(page.getByTestId('view-grid')).toHaveAttribute('aria-current', 'page');
  });

  test('a direct link to the history opens it', async ({ page }) => {
    await page.goto('/?view=history');
    await expect(page.getByTestId('history-view')).toBeVisible();
    await expect(page.getByTestId('view-history')).toHaveAttribute('aria-current', 'page');
  });

  test('a direct link to the loss lab opens it', async ({ page }) => {
    const release = await holdChunk(page, 'LossLabPanel');
    await page.goto('/?view=lab&logits=2,1,0.1&enc=onehot&label=0');
    await expect(page.getByTestId('lazy-loading')).toHaveText('Loading the loss lab…');
    release();
    await expect(page.getByTestId('loss-lab')).toBeVisible();
  });

  test('the trainer paints first; charts and code export follow', async ({ page }) => {
    const release = await holdChunk(page, 'Curves');
    await page.goto('/?train=300&test=100&epochs=1&backend=cpu');
    await expect(page.getByRole('button', { name: 'Train', exact: true })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Curves' })).toBeVisible();
    await expect(page.getByText('Loading the charts…')).toBeVisible();
    // The code export is folded until asked for (nothing to export before a choice is made).
    await page.getByTestId('code-disclosure').locator('summary').click();
    await expect(page.getByTestId('code-export')).toBeVisible();
    release();
    await expect(page.getByTestId('curve-loss')).toBeVisible();
    await expect(page.getByText('Loading the charts…')).toHaveCount(0);
  });

  test('a part that cannot load says so and leaves the rest of the page working', async ({
    page,
  }) => {
    await page.route(/\/assets\/GridView-[\w-]+\.js$/, (route) => route.fulfill({ status: 404 }));
    await page.goto('/?view=grid');
    await expect(page.getByTestId('lazy-error')).toContainText('Could not load the grid');
    await page.getByTestId('view-trainer').click();
    await expect(page.getByRole('button', { name: 'Train', exact: true })).toBeVisible();
  });
});
