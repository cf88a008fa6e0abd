import { expect, test, type Page } from '@playwright/test';

/**
 * The grid, history, lessons, class, loss lab, charts, results and code export load on demand
 * (src/ui/parts.ts, src/ui/viewParts.ts), and so do the store's slices of the lessons, the grid
 * and the class (src/store/lazySlices.ts): a direct link to each view still opens it, with a
 * visible loading state while its code arrives.
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

  test.describe('without the service worker (its precache fetches every chunk once idle)', () => {
    test.use({ serviceWorkers: 'block' });

    test('the trainer loads none of the lessons’, grid’s or class code; a tab’s pointer starts it', async ({
      page,
    }) => {
      const later =
        /\/assets\/(lessonsSlice|gridSlice|classCode|steps|LessonsView|GridView|ClassView|ClassBar)-[\w-]+\.js$/;
      const requested: string[] = [];
      page.on('request', (request) => {
        const match = later.exec(request.url());
        if (match) requested.push(match[1]!);
      });
      await page.goto('/?train=300&test=100&epochs=1&backend=cpu');
      await expect(page.getByTestId('training-status')).toHaveText('Ready to train.');
      expect(requested).toEqual([]);
      await page.getByTestId('view-grid').hover();
      await expect.poll(() => requested).toEqual(expect.arrayContaining(['gridSlice', 'GridView']));
    });
  });

  test('a lesson link waits for the lessons’ store code, then opens its step', async ({ page }) => {
    const release = await holdChunk(page, 'lessonsSlice');
    await page.goto('/?view=lessons&step=3');
    await expect(page.getByTestId('lazy-loading')).toHaveText('Loading the lessons…');
    await expect(page).toHaveURL(/\?view=lessons&step=3$/);
    release();
    await expect(page.getByTestId('lessons-view')).toBeVisible();
    await expect(page.getByText(/^Step 3 of /)).toBeVisible();
  });

  test('store code that cannot load says so and keeps the link; the trainer still works', async ({
    page,
  }) => {
    await page.route(/\/assets\/lessonsSlice-[\w-]+\.js$/, (route) =>
      route.fulfill({ status: 404 }),
    );
    await page.goto('/?view=lessons&step=3');
    await expect(page.getByTestId('lazy-error')).toContainText('Could not load the lessons');
    await expect(page).toHaveURL(/\?view=lessons&step=3$/);
    await page.getByTestId('view-trainer').click();
    await expect(page.getByRole('button', { name: 'Train', exact: true })).toBeVisible();
  });
});
