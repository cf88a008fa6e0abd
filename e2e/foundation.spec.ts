import { readFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { expect, test, type Page } from '@playwright/test';

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
    // Before a run, `auto` names the backend the run will start on (the worker's choice for this
    // model, or the fastest measured since), never one that then does not train.
    await expect(badge).toHaveAttribute('data-backend', /^(auto|webgpu|webgl|wasm|cpu)$/);
    const before = await badge.getAttribute('data-backend');
    if (before === 'auto') {
      await expect(reason).toHaveText(
        /^starts on (the fastest backend measured on this device, or on the best guess for this model until they are measured|(webgpu|webgl|wasm|cpu), the fastest measured on this device)$/,
      );
    }
    const named =
      before === 'auto' ? /starts on (\w+),/.exec(await reason.innerText())?.[1] : before;

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
    // What the badge named before the run is what trained (unless the run moved, which it says).
    if (named && (await page.getByTestId('backend-switch').count()) === 0) expect(used).toBe(named);
  });

  test('the WebGPU backend initialises inside the worker', async ({ page }) => {
    await page.goto('/?backend=webgpu');
    await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-backend', 'webgpu');
    await expect(page.getByLabel('Skipped backends')).toHaveCount(0);
  });

  test("training on WebGPU gives the CPU's numbers to float32 rounding (its fused Adam included)", async ({
    page,
  }) => {
    const run = 'train=300&test=100&epochs=2&batch=50&seed=5&autorun=1';
    const losses = async (backend: string) => {
      await page.goto(`/?${run}&backend=${backend}`);
      await expect(page.getByTestId('training-status')).toHaveAttribute('data-status', 'done', {
        timeout: 90_000,
      });
      await expect(page.locator('.test-accuracy')).toContainText(`on ${backend}`);
      const log = await page.getByRole('log', { name: 'Training log' }).innerText();
      return [...log.matchAll(/\b(val_)?loss: (\d+\.\d+)/g)].map((m) => Number(m[2]));
    };
    const gpu = await losses('webgpu');
    const cpu = await losses('cpu');
    // Two epochs, each with loss and val_loss; the weights moved, so Adam's update is compared.
    expect(cpu).toHaveLength(4);
    expect(cpu[2]).toBeLessThan(cpu[0] as number);
    gpu.forEach((loss, i) => expect(Math.abs(loss - (cpu[i] as number))).toBeLessThanOrEqual(2e-4));
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
    // used to break, see scripts/tfjsWasmThreads.ts), not just the headers. The build is a
    // detail the backend line shows on demand.
    await page.getByTestId('backend-status').locator('summary').first().click();
    await expect(
      page.getByText(/threaded SIMD build, \d+ threads? \(cross-origin isolated\)/),
    ).toBeVisible();
    expect(errors).toEqual([]);
  });

  /** The built-in digits: gzipped, under a content-hashed name (assets/mnist-10k.bin-<hash>.gz). */
  const DIGITS = /\/mnist-10k\.bin[^/]*\.gz$/;

  /**
   * Serves the real gzipped digit file (as `npm run data` wrote it) changed by `edit`, as a plain
   * static host would: no Content-Encoding, so the page decompresses it itself.
   */
  async function serveDigits(page: Page, edit: (packed: Buffer) => Buffer) {
    const packed = readFileSync('data/mnist-10k.bin.gz');
    await page.route(DIGITS, (route) =>
      route.fulfill({ status: 200, contentType: 'application/octet-stream', body: edit(packed) }),
    );
  }

  test('the digits travel gzipped under a content-hashed name', async ({ page }) => {
    const digits = page.waitForResponse((response) => DIGITS.test(response.url()));
    await page.goto('/');
    const response = await digits;
    expect(new URL(response.url()).pathname).toMatch(/^\/assets\/mnist-10k\.bin-[\w-]{8}\.gz$/);
    // What crossed the wire: the gzipped file (vite preview labels it Content-Encoding: gzip, so
    // the browser unpacks it; a plain host sends the bytes as they are and the worker does).
    const { responseBodySize } = await response.request().sizes();
    expect(responseBodySize).toBeGreaterThan(1_000_000);
    expect(responseBodySize).toBeLessThan(1_800_000);
    await expect(page.getByTestId('worker-status')).toContainText(
      '10,000 digits loaded from mnist-10k.bin',
    );
  });

  test('a missing data file is reported by name', async ({ page }) => {
    await page.route(DIGITS, (route) => route.fulfill({ status: 404 }));
    await page.goto('/');
    await expect(page.getByRole('alert')).toContainText('mnist-10k.bin');
    await expect(page.getByRole('alert')).toContainText(/404|missing|not found/i);
    await expect(page.getByTestId('sample-digit')).toHaveCount(0);
  });

  test('a corrupt compressed file is reported by name, not drawn', async ({ page }) => {
    await serveDigits(page, (packed) => {
      const corrupt = Buffer.from(packed);
      for (let i = 1000; i < 1100; i++) corrupt[i] = corrupt[i]! ^ 0x5a;
      return corrupt;
    });
    await page.goto('/');
    await expect(page.getByRole('alert')).toContainText('mnist-10k.bin');
    await expect(page.getByRole('alert')).toContainText(/does not decompress|checksum/i);
    await expect(page.getByTestId('sample-digit')).toHaveCount(0);
  });

  test('a truncated compressed file is reported by name, not drawn', async ({ page }) => {
    await serveDigits(page, (packed) => packed.subarray(0, packed.length - 1000));
    await page.goto('/');
    await expect(page.getByRole('alert')).toContainText('mnist-10k.bin');
    await expect(page.getByRole('alert')).toContainText(/corrupt or cut short/i);
    await expect(page.getByTestId('sample-digit')).toHaveCount(0);
  });

  test('a file that decompresses but fails its checksum is reported', async ({ page }) => {
    await serveDigits(page, (packed) => {
      const raw = gunzipSync(packed);
      raw[Math.floor(raw.length / 2)] = (raw[Math.floor(raw.length / 2)]! + 1) % 256;
      return gzipSync(raw);
    });
    await page.goto('/');
    await expect(page.getByRole('alert')).toContainText('mnist-10k.bin');
    await expect(page.getByRole('alert')).toContainText(/checksum|corrupt/i);
    await expect(page.getByTestId('sample-digit')).toHaveCount(0);
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
