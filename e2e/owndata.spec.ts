import { expect, test, type Page } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

/** An IDX file: images (count × 28 × 28) or labels, big-endian header as MNIST publishes it. */
function idx(kind: 'images' | 'labels', count: number, data: Uint8Array): Buffer {
  const header = Buffer.alloc(kind === 'images' ? 16 : 8);
  header.writeUInt32BE(kind === 'images' ? 0x803 : 0x801, 0);
  header.writeUInt32BE(count, 4);
  if (kind === 'images') {
    header.writeUInt32BE(28, 8);
    header.writeUInt32BE(28, 12);
  }
  return Buffer.concat([header, Buffer.from(data)]);
}

/** Learnable synthetic digits: class k is a bright bar on rows 2k+4 and 2k+5. */
function set(count: number) {
  const labels = Uint8Array.from({ length: count }, (_, i) => i % 10);
  const images = new Uint8Array(count * 784);
  labels.forEach((k, i) =>
    images.fill(255, i * 784 + (2 * k + 4) * 28 + 4, i * 784 + (2 * k + 6) * 28 - 4),
  );
  return { images: idx('images', count, images), labels: idx('labels', count, labels) };
}

const chooser = (page: Page) => page.getByLabel('Choose IDX files…');

test.describe('own data', () => {
  test('IDX files (one gzipped) replace the built-in digits for a run, and the page goes back', async ({
    page,
  }) => {
    await page.goto('/?train=300&test=100&epochs=1&batch=50&backend=cpu');
    const status = page.getByTestId('worker-status');
    await expect(status).toContainText('10,000 digits loaded');

    // A wrong file first: a clear error, and the built-in digits stay.
    await chooser(page).setInputFiles([
      { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello world') },
      { name: 'labels.idx', mimeType: 'application/octet-stream', buffer: set(5).labels },
    ]);
    await expect(page.getByTestId('own-data-error')).toContainText(
      'notes.txt: not an MNIST IDX file',
    );
    await expect(status).toContainText('10,000 digits loaded');

    const train = set(400);
    const test = set(120);
    await chooser(page).setInputFiles([
      { name: 'my-t10k-labels', mimeType: 'application/octet-stream', buffer: test.labels },
      { name: 'my-train-images.gz', mimeType: 'application/gzip', buffer: gzipSync(train.images) },
      { name: 'my-t10k-images', mimeType: 'application/octet-stream', buffer: test.images },
      { name: 'my-train-labels', mimeType: 'application/octet-stream', buffer: train.labels },
    ]);
    await expect(status).toHaveText(
      'Ready: own data: 400 training images from my-train-images.gz, 120 test images.',
    );
    await expect(page.getByTestId('own-files').locator('tbody tr')).toHaveText([
      /my-train-images\.gz\s*400 images\s*training/,
      /my-train-labels\s*400 labels\s*training/,
      /my-t10k-images\s*120 images\s*test/,
      /my-t10k-labels\s*120 labels\s*test/,
    ]);
    await expect(page.getByTestId('own-data-error')).toHaveCount(0);
    // The link now names the data: content hash, counts and the training images file.
    await expect(page).toHaveURL(/&data=own,[0-9a-f]{16},400,120,my-train-images\.gz$/);
    const link = page.url();

    await page.getByRole('button', { name: 'Train', exact: true }).click();
    const training = page.getByTestId('training-status');
    await expect(training).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
    // The bars are easy: one epoch on them beats chance by far.
    const accuracy = parseFloat(await page.getByTestId('test-accuracy').innerText());
    expect(accuracy).toBeGreaterThan(50);

    await page.getByTestId('view-history').click();
    await expect(page.getByTestId('run-data-label').first()).toHaveText(
      /^own: my-train-images\.gz #[0-9a-f]{8}$/,
    );
    await page.getByTestId('view-trainer').click();

    await page.getByRole('button', { name: 'Back to built-in MNIST' }).click();
    await expect(status).toContainText('10,000 digits loaded from mnist-10k.bin');
    await expect(page.getByTestId('own-files')).toHaveCount(0);
    await expect(page).toHaveURL(/&data=mnist$/);

    // The link made on the own files, opened afresh (with autorun): it says which files it
    // needs, and trains on nothing else.
    const fresh = await page.context().newPage();
    await fresh.goto(`${link}&autorun=1`);
    await expect(fresh.getByTestId('data-needed')).toContainText(
      'own IDX files: my-train-images.gz with its labels file, 400 training images and a test pair of 120 images',
    );
    await expect(fresh.getByTestId('link-notice')).toContainText('training not started');
    await expect(fresh.getByRole('button', { name: 'Train', exact: true })).toBeDisabled();
    await expect(fresh.getByTestId('training-status')).toHaveAttribute('data-status', 'idle');
    await chooser(fresh).setInputFiles([
      { name: 'my-train-images.gz', mimeType: 'application/gzip', buffer: gzipSync(train.images) },
      { name: 'my-train-labels', mimeType: 'application/octet-stream', buffer: train.labels },
      { name: 'my-t10k-images', mimeType: 'application/octet-stream', buffer: test.images },
      { name: 'my-t10k-labels', mimeType: 'application/octet-stream', buffer: test.labels },
    ]);
    await expect(fresh.getByTestId('data-needed')).toHaveCount(0);
    await expect(fresh.getByRole('button', { name: 'Train', exact: true })).toBeEnabled();
    await fresh.close();
  });

  const FASHION = '/usr/share/datasets/fashion-mnist';
  test("Debian's Fashion-MNIST files load in full (needs the package dataset-fashion-mnist)", async ({
    page,
  }) => {
    test.skip(
      !existsSync(`${FASHION}/train-images-idx3-ubyte.gz`),
      `no ${FASHION}: apt-get install dataset-fashion-mnist`,
    );
    await page.goto('/?backend=cpu');
    await expect(page.getByTestId('worker-status')).toContainText('10,000 digits loaded');
    const names = [
      'train-images-idx3-ubyte.gz',
      'train-labels-idx1-ubyte.gz',
      't10k-images-idx3-ubyte.gz',
      't10k-labels-idx1-ubyte.gz',
    ];
    await chooser(page).setInputFiles(
      names.map((name) => ({
        name,
        mimeType: 'application/gzip',
        buffer: readFileSync(`${FASHION}/${name}`),
      })),
    );
    await expect(page.getByTestId('worker-status')).toHaveText(
      'Ready: own data: 60,000 training images from train-images-idx3-ubyte.gz, 10,000 test images.',
    );
  });
});
