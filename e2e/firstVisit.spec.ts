import { expect, test, type Page } from '@playwright/test';

/**
 * A first visit's main thread: until the worker has started ("Ready to train."), the trainer's
 * charts keep their place with a loading line and their code is not even requested, so that the
 * page's thread is free to draw the status as soon as the worker answers; then they follow. The
 * code export renders when its disclosure is opened.
 */

/** The paths the page and its workers request, as they are requested. */
function recordRequests(page: Page): string[] {
  const paths: string[] = [];
  page.on('request', (request) => paths.push(new URL(request.url()).pathname));
  return paths;
}

/** Resolves once the page has been idle (its own idle callbacks, registered earlier, have run). */
async function pageIdle(page: Page) {
  for (let i = 0; i < 2; i++) {
    await page.evaluate(
      () => new Promise<void>((done) => requestIdleCallback(() => done(), { timeout: 5000 })),
    );
  }
}

const isChunk = (name: string) => (path: string) =>
  new RegExp(`/assets/${name}-[\\w-]+\\.js$`).test(path);

test('the charts wait for "Ready to train.", then follow; the code export for its disclosure', async ({
  page,
}) => {
  const requested = recordRequests(page);
  // TensorFlow.js' chunk (the worker's api-*.js) is held: the worker stays starting meanwhile.
  let release = () => undefined as void;
  const held = new Promise<void>((done) => (release = done));
  await page.route(/\/assets\/api-[\w-]+\.js$/, async (route) => {
    await held;
    await route.continue();
  });
  await page.goto('/?train=300&test=100&epochs=1&backend=cpu');
  await expect(page.getByTestId('training-status')).toHaveText(/^Waiting for the training worker/);
  await expect(page.getByText('Loading the charts…')).toBeVisible();
  await pageIdle(page);
  expect(requested.some(isChunk('Curves'))).toBe(false);
  expect(requested.some(isChunk('TrainerFrameworks'))).toBe(false);

  release();
  await expect(page.getByTestId('training-status')).toHaveText('Ready to train.');
  await expect(page.getByTestId('curves-empty')).toBeVisible();
  await expect(page.getByText('Loading the charts…')).toHaveCount(0);
  expect(requested.some(isChunk('Curves'))).toBe(true);

  // The code export's code may load in idle time; it renders only once its disclosure is opened.
  await pageIdle(page);
  await expect(page.getByTestId('code-export')).toHaveCount(0);
  await page.getByTestId('code-disclosure').locator('summary').click();
  await expect(page.getByTestId('code-export')).toBeVisible();

  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByTestId('training-status')).toHaveAttribute('data-status', 'done', {
    timeout: 60_000,
  });
  await expect(page.getByTestId('curve-loss')).toBeVisible();
});
