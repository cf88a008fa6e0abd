import { expect, test } from '@playwright/test';

test.describe('foundation: data to worker to page', () => {
  test('shows real MNIST digits drawn from the loaded data, with their labels', async ({
    page,
  }) => {
    await page.goto('/');
    await expect(page.getByTestId('worker-status')).toContainText('10,000 digits loaded');
    const digits = page.getByTestId('sample-digit');
    await expect(digits).toHaveCount(24);

    // Every label is a digit class, and the canvases hold real strokes: some bright pixels on a
    // dark background, not a blank or uniform image.
    const stats = await digits.evaluateAll((figures) =>
      figures.map((figure) => {
        const canvas = figure.querySelector('canvas') as HTMLCanvasElement;
        const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
        let bright = 0;
        let dark = 0;
        for (let i = 0; i < data.length; i += 4) {
          if (data[i]! > 200) bright++;
          if (data[i]! < 20) dark++;
        }
        return { label: Number(figure.getAttribute('data-label')), bright, dark };
      }),
    );
    for (const { label, bright, dark } of stats) {
      expect(label).toBeGreaterThanOrEqual(0);
      expect(label).toBeLessThanOrEqual(9);
      expect(bright).toBeGreaterThan(20);
      expect(dark).toBeGreaterThan(300);
    }
    // 24 seeded draws from 10 balanced classes cover several classes.
    expect(new Set(stats.map((s) => s.label)).size).toBeGreaterThan(4);
  });

  test('the worker reports the backend it got and why the others were skipped', async ({
    page,
  }) => {
    await page.goto('/?train=300&test=100&epochs=1&batch=50');
    const badge = page.getByTestId('backend-badge');
    const reason = page.getByTestId('backend-reason');
    // Before a run, `auto` has not chosen yet: the badge says so instead of naming the first
    // backend that initialised.
    await expect(badge).toHaveAttribute('data-backend', 'auto');
    await expect(reason).toHaveText(
      'measures each backend when training starts and trains on the fastest',
    );

    // After the run it names the backend that trained, with that backend's details only.
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await expect(page.getByTestId('training-status')).toHaveAttribute('data-status', 'done', {
      timeout: 90_000,
    });
    await expect(badge).toHaveAttribute('data-backend', /^(webgpu|webgl|wasm|cpu)$/);
    const used = await badge.getAttribute('data-backend');
    const text = await reason.innerText();
    if (used !== 'webgpu') expect(text).not.toMatch(/adapter/i);
    if (used !== 'wasm') expect(text).not.toMatch(/SIMD|threads?\b/);
    await expect(page.locator('.test-accuracy')).toContainText(`on ${used}`);
  });

  test('the WebGPU backend initialises inside the worker', async ({ page }) => {
    await page.goto('/?backend=webgpu');
    await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-backend', 'webgpu');
    await expect(page.getByLabel('Skipped backends')).toHaveCount(0);
  });

  test('the WASM backend initialises, multi-threaded under cross-origin isolation', async ({
    page,
  }) => {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto('/?backend=wasm');
    expect(await page.evaluate(() => globalThis.crossOriginIsolated)).toBe(true);
    await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-backend', 'wasm');
    // The threaded build really loaded (its pthread workers start from a Blob that bundling
    // used to break, see scripts/tfjsWasmThreads.ts), not just the headers.
    await expect(
      page.getByText(/threaded SIMD build, \d+ threads? \(cross-origin isolated\)/),
    ).toBeVisible();
    expect(errors).toEqual([]);
  });

  test('a missing data file is reported by name', async ({ page }) => {
    await page.route('**/data/mnist-10k.bin', (route) => route.fulfill({ status: 404 }));
    await page.goto('/');
    await expect(page.getByRole('alert')).toContainText('mnist-10k.bin');
    await expect(page.getByRole('alert')).toContainText(/404|missing|not found/i);
    await expect(page.getByTestId('sample-digit')).toHaveCount(0);
  });

  test('a corrupt data file is reported, not drawn', async ({ page, request }) => {
    const real = await (await request.get('/data/mnist-10k.bin')).body();
    const corrupt = Buffer.from(real);
    const middle = Math.floor(corrupt.length / 2);
    corrupt[middle] = (corrupt[middle]! + 1) % 256;
    await page.route('**/data/mnist-10k.bin', (route) =>
      route.fulfill({ status: 200, body: corrupt, contentType: 'application/octet-stream' }),
    );
    await page.goto('/');
    await expect(page.getByRole('alert')).toContainText('mnist-10k.bin');
    await expect(page.getByRole('alert')).toContainText(/checksum|corrupt/i);
    await expect(page.getByTestId('sample-digit')).toHaveCount(0);
  });

  test('a truncated data file is reported, not drawn', async ({ page, request }) => {
    const real = await (await request.get('/data/mnist-10k.bin')).body();
    await page.route('**/data/mnist-10k.bin', (route) =>
      route.fulfill({ status: 200, body: real.subarray(0, real.length - 1000) }),
    );
    await page.goto('/');
    await expect(page.getByRole('alert')).toContainText('mnist-10k.bin');
    await expect(page.getByRole('alert')).toContainText(/truncated/i);
  });

  test('a worker that cannot start is reported instead of hanging', async ({ page }) => {
    await page.route(/\/assets\/entry-[^/]*\.js$/, (route) => route.fulfill({ status: 404 }));
    await page.goto('/');
    await expect(page.getByRole('alert')).toContainText('training worker could not start');
  });

  test('the page is cross-origin isolated (COOP/COEP headers)', async ({ page }) => {
    const response = await page.goto('/');
    expect(response?.headers()['cross-origin-opener-policy']).toBe('same-origin');
    expect(response?.headers()['cross-origin-embedder-policy']).toBe('require-corp');
    expect(await page.evaluate(() => globalThis.crossOriginIsolated)).toBe(true);
  });
});
