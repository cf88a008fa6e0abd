import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';

/**
 * The README's class pictures (docs/screenshots/class-*.png) from a real class on the class
 * server (started here on loopback, serving the build): the projector's live poll in presentation
 * mode, light and dark, a phone that has joined, light and dark, and the class grid on the
 * projector, filling in (light) and filled in (dark).
 */
const OUT = new URL('../../docs/screenshots/', import.meta.url);
const PORT = Number(process.env.CLASS_SHOTS_PORT ?? 8802);
const ORIGIN = `http://127.0.0.1:${PORT}`;

let server: ChildProcess | null = null;
let dataDir = '';

test.beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'losslab-class-shots-'));
  server = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
    cwd: new URL('../..', import.meta.url).pathname,
    env: { ...process.env, PORT: String(PORT), HOST: '127.0.0.1', CLASS_DATA: dataDir },
    stdio: 'ignore',
  });
  await expect
    .poll(async () => (await fetch(`${ORIGIN}/api/class`).catch(() => null))?.status ?? 0)
    .toBe(200);
});

test.afterAll(() => {
  server?.kill('SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
});

async function shoot(page: Page, name: string) {
  await page.evaluate(
    () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
  );
  await page.screenshot({ path: new URL(`${name}.png`, OUT).pathname });
}

async function joinClass(browser: Browser, link: string, name: string, phone = false) {
  const context = await browser.newContext(
    phone
      ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true }
      : { viewport: { width: 1280, height: 800 } },
  );
  const page = await context.newPage();
  await page.goto(link);
  await page.getByTestId('class-name').fill(name);
  await page.getByTestId('class-join-button').click();
  await expect(page.getByTestId('class-connection')).toHaveAttribute('data-connected', 'true');
  return page;
}

test('a class: the projector’s poll and a phone', async ({ browser }) => {
  const projector = await (
    await browser.newContext({ viewport: { width: 1280, height: 720 }, colorScheme: 'light' })
  ).newPage();
  await projector.goto(`${ORIGIN}/`);
  await projector.getByTestId('view-class').click();
  await projector.getByTestId('class-start').click();
  const link = (await projector.getByTestId('class-link').textContent()) ?? '';
  const students = [
    await joinClass(browser, link, 'Ada'),
    await joinClass(browser, link, 'Grace'),
    await joinClass(browser, link, 'Alan'),
    await joinClass(browser, link, 'Katherine'),
  ];
  const phone = await joinClass(browser, link, 'Linus', true);
  await projector.getByTestId('class-step').selectOption('0');
  await projector.getByTestId('class-send-step').click();
  const choices = ['rejects', 'rejects', 'trains', 'rejects', 'trains'];
  for (const [i, page] of [...students, phone].entries()) {
    await expect(page.getByTestId('lesson-title')).toHaveText(/^Integer labels/);
    await page.getByTestId(`lesson-choice-${choices[i]}`).check();
  }
  await expect(projector.getByTestId('class-predicted')).toHaveAttribute('data-count', '5');
  await projector.getByRole('button', { name: 'Presentation mode' }).click();
  await projector.getByTestId('class-poll').scrollIntoViewIfNeeded();
  await shoot(projector, 'class-projector-light');
  await projector.emulateMedia({ colorScheme: 'dark' });
  await shoot(projector, 'class-projector-dark');

  await phone.evaluate(() => window.scrollTo(0, 0));
  await shoot(phone, 'class-phone-light');
  await phone.emulateMedia({ colorScheme: 'dark' });
  await shoot(phone, 'class-phone-dark');
});

test('the class grid filling in on the projector', async ({ browser }) => {
  // Five students train ten small runs between them: more than one picture's time.
  test.setTimeout(600_000);
  const projector = await (
    await browser.newContext({ viewport: { width: 1280, height: 720 }, colorScheme: 'light' })
  ).newPage();
  // The classic table on a small configuration, so that the class fills it in within minutes.
  await projector.goto(`${ORIGIN}/?view=grid&train=1000&test=300&epochs=2&batch=50&backend=cpu`);
  await projector.getByTestId('view-class').click();
  await projector.getByTestId('class-start').click();
  const link = (await projector.getByTestId('class-link').textContent()) ?? '';
  const students = [];
  for (const name of ['Ada', 'Grace', 'Alan', 'Katherine']) {
    students.push(await joinClass(browser, link, name));
  }
  students.push(await joinClass(browser, link, 'Linus', true));
  await expect(projector.getByTestId('class-roster')).toHaveAttribute('data-count', '5');
  await projector.getByTestId('class-send-sweep').click();
  const progress = projector.getByTestId('class-grid-progress');
  await projector.getByRole('button', { name: 'Presentation mode' }).click();
  const top = () =>
    projector.getByRole('heading', { name: /^Class grid/ }).evaluate((e) => e.scrollIntoView());
  // Filling in: the first cells have their results, the others are training or waiting.
  await expect
    .poll(async () => Number(await progress.getAttribute('data-covered')), { timeout: 300_000 })
    .toBeGreaterThanOrEqual(4);
  await top();
  await shoot(projector, 'class-grid-light');
  // Filled in, with the range of the cells two students ran (dark theme).
  await expect(progress).toHaveAttribute('data-covered', '9', { timeout: 300_000 });
  await expect(projector.locator('[data-testid="heat-spread"][data-runs="2"]')).not.toHaveCount(0, {
    timeout: 300_000,
  });
  await projector.emulateMedia({ colorScheme: 'dark' });
  await top();
  await shoot(projector, 'class-grid-dark');
  for (const page of students) await page.context().close();
});
