import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { expect, test } from '@playwright/test';

/**
 * The exported script's data file: saved as gzip under its `.gz` name even when the browser hands
 * over decoded bytes (a server that sent it with `Content-Encoding: gzip`).
 */
test('the data file downloaded next to the script is gzip, as its name says', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto('/');
  await page.getByTestId('code-disclosure').locator('summary').click();
  await expect(
    page.getByRole('radio', { name: "Reproduce this page's numbers (needs the data file)" }),
  ).toBeChecked();
  await expect(
    page.getByRole('radio', { name: 'Paste into Colab (loads MNIST with keras.datasets)' }),
  ).toBeVisible();

  // What fetch returns for a file sent with Content-Encoding: gzip: the decoded bytes.
  const served = await page.evaluate(async () => {
    const link = document.querySelector<HTMLAnchorElement>('[data-testid="code-data-download"]')!;
    return Array.from(new Uint8Array(await (await fetch(link.href)).arrayBuffer()));
  });
  const decoded =
    served[0] === 0x1f && served[1] === 0x8b
      ? gunzipSync(Buffer.from(served))
      : Buffer.from(served);
  await page.route(/mnist-10k\.bin.*\.gz$/, (route) =>
    route.fulfill({ body: decoded, contentType: 'application/octet-stream' }),
  );

  const downloading = page.waitForEvent('download');
  await page.getByTestId('code-data-download').click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('mnist-10k.bin.gz');
  const saved = await readFile(await download.path());
  expect([saved[0], saved[1]]).toEqual([0x1f, 0x8b]);
  expect(gunzipSync(saved).equals(decoded)).toBe(true);
});
