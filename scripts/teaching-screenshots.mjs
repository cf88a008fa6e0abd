/**
 * The README's pictures of the gradient view and the frameworks panel, taken from the real build
 * in Chromium: `npm run build`, then `node scripts/teaching-screenshots.mjs` (it serves dist/
 * with `vite preview` on SHOTS_PORT, default 4173). Writes docs/screenshots/gradient-*.png and
 * frameworks-*.png. Chromium: CHROMIUM_PATH, else Debian's /usr/bin/chromium, as the e2e suite.
 */
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';

const port = Number(process.env.SHOTS_PORT ?? 4173);
const base = `http://127.0.0.1:${port}`;
const out = 'docs/screenshots';
const tiny = 'train=3000&test=500&batch=64&epochs=3&backend=cpu&seed=42&units=32';

async function waitForServer(exited) {
  let gone = false;
  void exited.then(() => (gone = true));
  for (let i = 0; i < 100; i++) {
    if (gone) throw new Error(`vite preview exited: is port ${port} taken?`);
    try {
      if ((await fetch(base)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`vite preview did not answer on ${base}`);
}

// vite itself, not through npx, so that killing it stops the server.
const server = spawn(
  process.execPath,
  [
    'node_modules/vite/bin/vite.js',
    'preview',
    '--host',
    '127.0.0.1',
    '--port',
    String(port),
    '--strictPort',
  ],
  { stdio: 'ignore' },
);
const exited = new Promise((resolve) => server.once('exit', resolve));
try {
  await waitForServer(exited);
  mkdirSync(out, { recursive: true });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });

  // The stall: a linear output read as probabilities by categorical cross-entropy.
  for (const [name, act] of [
    ['gradient-stall', 'linear'],
    ['gradient-softmax', 'softmax'],
  ]) {
    await page.goto(
      `${base}/?act=${act}&loss=categorical_crossentropy&from_logits=false&labels=onehot&${tiny}&autorun=1`,
    );
    const chart = page.getByTestId('curve-gradient');
    await chart.waitFor();
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid="curve-gradient"]')?.getAttribute('data-points') ===
        '3',
      undefined,
      { timeout: 240_000 },
    );
    await page.getByTestId('curve-loss').scrollIntoViewIfNeeded();
    // The curves and, right under them, the gradient panel: one picture of both.
    const boxes = [
      await page.locator('section.curves').boundingBox(),
      await page.locator('section.gradient-panel').boundingBox(),
    ];
    const scroll = await page.evaluate(() => ({ x: window.scrollX, y: window.scrollY }));
    const x = Math.min(...boxes.map((b) => b.x)) + scroll.x;
    const y = Math.min(...boxes.map((b) => b.y)) + scroll.y;
    const right = Math.max(...boxes.map((b) => b.x + b.width)) + scroll.x;
    const bottom = Math.max(...boxes.map((b) => b.y + b.height)) + scroll.y;
    await page.screenshot({
      path: `${out}/${name}.png`,
      fullPage: true,
      clip: { x, y, width: right - x, height: bottom - y },
    });
  }

  // The trainer's panel on the seed's multi-label configuration: the ×10 snippet.
  await page.goto(
    `${base}/?task=multilabel&act=sigmoid&loss=binary_crossentropy&labels=multihot&metric=binary_accuracy`,
  );
  const trainerPanel = page.getByTestId('frameworks');
  await trainerPanel.waitFor({ timeout: 60_000 });
  await trainerPanel.screenshot({ path: `${out}/frameworks-trainer.png` });

  // The lab: the saturated preset on JAX, where every framework call gives 130 and Keras 16.1.
  await page.goto(`${base}/?view=lab&preset=extreme`);
  await page
    .getByLabel('categorical_crossentropy, from_logits=False, softmax, plain', { exact: true })
    .click();
  const labPanel = page.getByTestId('frameworks');
  await labPanel.waitFor();
  await labPanel.screenshot({ path: `${out}/frameworks-lab.png` });

  await browser.close();
} finally {
  server.kill();
}
