import { expect, test, type Page } from '@playwright/test';

/**
 * Instant start: in a fresh browser context nothing is measured between the Train click and the
 * first step; backends are measured later, in the background, and a stored measurement that no
 * longer holds (another TensorFlow.js version) is set aside and measured again silently.
 */
const SMALL = 'train=300&test=100&epochs=2&batch=50';

/** Every text the status line shows, in order (recorded in the page, so none is missed). */
async function recordStatus(page: Page) {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { statusTexts: string[] }).statusTexts = seen;
    new MutationObserver(() => {
      const text = document.querySelector('[data-testid="training-status"]')?.textContent ?? '';
      if (text && seen.at(-1) !== text) seen.push(text);
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  return () => page.evaluate(() => (window as unknown as { statusTexts: string[] }).statusTexts);
}

/**
 * When the page constructed each of LossLab's workers and when Train was clicked, on the page's
 * clock (tfjs' own WASM threads start from blob: URLs and are left out), so a background
 * measurement that began just before the click is told apart from one begun by it.
 */
async function recordWorkerStarts(page: Page) {
  await page.addInitScript(() => {
    const log = { workers: [] as number[], click: null as number | null };
    (window as unknown as { workerLog: typeof log }).workerLog = log;
    const Original = window.Worker;
    window.Worker = class extends Original {
      constructor(url: string | URL, options?: WorkerOptions) {
        super(url, options);
        if (!String(url).startsWith('blob:')) log.workers.push(performance.now());
      }
    };
    document.addEventListener(
      'click',
      (event) => {
        const target = event.target as HTMLElement | null;
        if (log.click === null && target?.textContent === 'Train') log.click = performance.now();
      },
      true,
    );
  });
  return () =>
    page.evaluate(
      () =>
        (window as unknown as { workerLog: { workers: number[]; click: number | null } }).workerLog,
    );
}

test('the first Train in a fresh context starts at once on the guess, measuring nothing first', async ({
  page,
}) => {
  const statusTexts = await recordStatus(page);
  const workerLog = await recordWorkerStarts(page);
  await page.goto(`/?${SMALL}`);
  await expect(page.getByTestId('training-status')).toHaveText('Ready to train.');
  // A background measurement may start once the page has been idle a second before the click;
  // the click ends it.
  expect((await workerLog()).workers.length).toBeGreaterThanOrEqual(1);
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  const status = page.getByTestId('training-status');
  await expect(status).toHaveAttribute('data-status', /running|done/);
  // No worker was started between the click and the first step: nothing was measured first.
  const { workers, click } = await workerLog();
  expect(click).not.toBeNull();
  expect(workers.filter((at) => at >= (click ?? 0))).toEqual([]);
  await expect(status).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
  const badge = page.getByTestId('backend-badge');
  await expect(badge).toHaveAttribute('data-basis', 'guess');
  await expect(badge).toHaveAttribute('data-backend', 'wasm');
  await expect(page.getByTestId('backend-reason')).toContainText('best guess for the MLP');
  const texts = await statusTexts();
  expect(texts.some((text) => /measur/i.test(text))).toBe(false);
  // The recorder saw the run from its start to its end (a quiet machine trains these 300 digits
  // faster than one progress report, so the epochs may never be painted on their own).
  expect(texts).toContain('Starting…');
  expect(texts.at(-1)).toMatch(/^Finished\. Test accuracy/);
});

test('a stored measurement from another TensorFlow.js version is set aside and measured again', async ({
  page,
}) => {
  await page.goto(`/?${SMALL}&backend=cpu`);
  await expect(page.getByTestId('training-status')).toHaveText('Ready to train.');
  // A record as an older LossLab would have left it: another tfjs version, CPU "fastest".
  const staleKey = await page.evaluate(async () => {
    const device = {
      userAgent: navigator.userAgent,
      tfjs: '3.21.0',
      crossOriginIsolated: globalThis.crossOriginIsolated,
      cores: navigator.hardwareConcurrency,
    };
    const key = `${device.userAgent} | tfjs 3.21.0 | isolated | ${device.cores} cores | mlp 28×28`;
    const record = {
      version: 1,
      key,
      device,
      spec: { model: 'mlp', units: 128, batchSize: 50, side: 28 },
      measuredAt: Date.now() - 86_400_000,
      results: ['webgpu', 'webgl', 'wasm', 'cpu'].map((backend) => ({
        backend,
        samplesPerSec: backend === 'cpu' ? 99_999 : 1,
      })),
      complete: true,
    };
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('losslab-backends', 1);
      open.onupgradeneeded = () => open.result.createObjectStore('measurements');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error ?? new Error('cannot open the database'));
    });
    await new Promise((resolve) => {
      const tx = db.transaction('measurements', 'readwrite');
      tx.objectStore('measurements').put(record, key);
      tx.oncomplete = resolve;
    });
    db.close();
    return key;
  });
  await page.goto(`/?${SMALL}`);
  await expect(page.getByTestId('training-status')).toHaveText('Ready to train.');
  const badge = page.getByTestId('backend-badge');
  await expect(badge).toHaveAttribute('data-basis', 'guess');
  await expect(badge).toHaveAttribute('data-backend', 'wasm'); // not the stored "fastest" CPU
  // Forgotten, and measured again in the background (silently: no message about it).
  await expect
    .poll(() =>
      page.evaluate(
        (key) =>
          new Promise<boolean>((resolve) => {
            const open = indexedDB.open('losslab-backends', 1);
            open.onsuccess = () => {
              const get = open.result
                .transaction('measurements')
                .objectStore('measurements')
                .get(key);
              get.onsuccess = () => {
                resolve(get.result !== undefined);
                open.result.close();
              };
            };
          }),
        staleKey,
      ),
    )
    .toBe(false);
  await expect(page.getByTestId('measurement-text')).toContainText(
    /Measuring the backends in the background|Measured on this device/,
  );
});
