import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';

/**
 * A class on the class server (started here on loopback, serving the suite's build): an
 * instructor and three students in separate browser contexts, a lesson step predicted, revealed
 * and run, one student offline and back, the server killed and restarted, a phone joining and
 * training, the phone's class line, and a 2×2 class grid spread over three students. Runs are
 * tiny (a rejected lesson step; 300 digits, 1 epoch on the CPU).
 */
const PORT = Number(process.env.CLASS_E2E_PORT ?? 8801);
const ORIGIN = `http://127.0.0.1:${PORT}`;
const TINY = 'train=300&test=100&epochs=1&batch=50&backend=cpu';

let server: ChildProcess | null = null;
let dataDir = '';

async function startServer(): Promise<void> {
  // Node itself runs the server (tsx as its loader), so SIGKILL reaches the server, not a wrapper.
  server = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
    env: { ...process.env, PORT: String(PORT), HOST: '127.0.0.1', CLASS_DATA: dataDir },
    stdio: 'ignore',
  });
  await expect
    .poll(
      async () => {
        try {
          return (await fetch(`${ORIGIN}/api/class`)).status;
        } catch {
          return 0;
        }
      },
      { timeout: 60_000 },
    )
    .toBe(200);
}

/** Waits until the server has written every change, then kills it without warning. */
async function killServer(): Promise<void> {
  await expect
    .poll(
      async () =>
        ((await (await fetch(`${ORIGIN}/api/class`)).json()) as { unsaved: number }).unsaved,
    )
    .toBe(0);
  const exited = new Promise((resolve) => server?.once('exit', resolve));
  server?.kill('SIGKILL');
  await exited;
  server = null;
}

test.beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'losslab-class-e2e-'));
  await startServer();
});

test.afterAll(() => {
  server?.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

async function student(browser: Browser, link: string, name: string, phone = false) {
  const context = await browser.newContext(
    phone ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } : {},
  );
  const page = await context.newPage();
  await page.goto(link);
  await page.getByTestId('class-name').fill(name);
  await page.getByTestId('class-join-button').click();
  await expect(page.getByTestId('class-student')).toContainText(`you are ${name}`);
  await expect(page.getByTestId('class-connection')).toHaveAttribute('data-connected', 'true');
  return { context, page };
}

const count = (page: Page, id: string) => page.getByTestId(id);

test('a class: join by link, predict, reveal, run, offline and back, server restart, a phone', async ({
  browser,
}) => {
  // Five browser contexts and a server restart on two cores: more than one journey's time.
  test.setTimeout(300_000);
  const teacherContext = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const teacher = await teacherContext.newPage();
  await teacher.goto(`${ORIGIN}/?${TINY}`);
  await teacher.getByTestId('view-class').click();
  await teacher.getByTestId('class-start').click();
  const code = (await teacher.getByTestId('class-code').getAttribute('data-code')) ?? '';
  expect(code).toMatch(/^[A-Z2-9]{8}$/);
  await expect(teacher.getByTestId('class-qr')).toBeVisible();
  const link = (await teacher.getByTestId('class-link').textContent()) ?? '';
  expect(link).toBe(`${ORIGIN}/?class=${code}`);

  const students = [
    await student(browser, link, 'Ada'),
    await student(browser, link, 'Grace'),
    await student(browser, link, '<b>Linus</b>'),
  ];
  await expect(count(teacher, 'class-roster')).toHaveAttribute('data-count', '3');

  // Step 1 (integer labels with categorical cross-entropy) to everyone.
  await teacher.getByTestId('class-step').selectOption('0');
  await teacher.getByTestId('class-send-step').click();
  for (const { page } of students) {
    await expect(page.getByTestId('lesson-title')).toHaveText(/^Integer labels/);
  }

  // The third student drops off and predicts offline.
  const [ada, grace, linus] = students as [
    (typeof students)[0],
    (typeof students)[0],
    (typeof students)[0],
  ];
  await linus.context.setOffline(true);
  await expect(linus.page.getByTestId('class-connection')).toHaveAttribute(
    'data-connected',
    'false',
    {
      timeout: 60_000,
    },
  );
  await ada.page.getByTestId('lesson-choice-rejects').check();
  await grace.page.getByTestId('lesson-choice-trains').check();
  await linus.page.getByTestId('lesson-choice-rejects').check();
  // Running waits for the reveal.
  await expect(ada.page.getByTestId('lesson-run')).toBeDisabled();
  await expect(count(teacher, 'class-predicted')).toHaveAttribute('data-count', '2');
  await linus.context.setOffline(false);
  await expect(count(teacher, 'class-predicted')).toHaveAttribute('data-count', '3', {
    timeout: 60_000,
  });
  await expect(count(teacher, 'class-bar-rejects')).toHaveAttribute('data-count', '2');
  await expect(count(teacher, 'class-bar-trains')).toHaveAttribute('data-count', '1');
  // Counts only: no student's name on the poll.
  await expect(teacher.getByTestId('class-poll')).not.toContainText('Ada');

  await teacher.getByTestId('class-reveal').click();
  await expect(count(teacher, 'class-right')).toHaveAttribute('data-count', '2');
  for (const { page } of students) {
    await page.getByTestId('lesson-run').click();
    await expect(page.getByTestId('lesson-result')).toBeVisible();
  }
  await expect(count(teacher, 'class-runs')).toHaveAttribute('data-count', '3');
  await expect(count(teacher, 'class-board')).toHaveAttribute('data-rows', '3');
  // A name is text, never markup.
  await expect(teacher.getByTestId('class-board')).toContainText('<b>Linus</b>');

  // A tiny trainer configuration for everyone (a student joining later gets it too).
  await teacher.getByTestId('class-send-config').click();

  // The server dies without warning and comes back: everything is still there.
  await killServer();
  await startServer();
  await teacher.reload();
  await teacher.getByTestId('view-class').click();
  await expect(count(teacher, 'class-predicted')).toHaveAttribute('data-count', '3');
  await expect(count(teacher, 'class-board')).toHaveAttribute('data-rows', '3');
  await expect(count(teacher, 'class-roster')).toHaveAttribute('data-count', '3');

  // A phone joins, follows the configuration sent and trains.
  const phone = await student(browser, link, 'Phone', true);
  await expect(phone.page.getByTestId('training-status')).toBeVisible();
  await phone.page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(phone.page.getByTestId('training-status')).toHaveAttribute('data-status', 'done', {
    timeout: 90_000,
  });
  await expect(count(teacher, 'class-board')).toHaveAttribute('data-rows', '4');
  await expect(count(teacher, 'class-roster')).toHaveAttribute('data-count', '4');

  for (const s of [...students, phone]) await s.context.close();
  await teacherContext.close();
});

test('a wrong code gets a clear message and the normal page', async ({ page }) => {
  await page.goto(`${ORIGIN}/?class=ZZZZ2222`);
  await page.getByTestId('class-join-button').click();
  await expect(page.getByTestId('class-problem')).toContainText('no class with this code');
  await expect(page.getByRole('button', { name: 'Train', exact: true })).toBeVisible();
});

test('a student who reloads while offline keeps their prediction, and it arrives once', async ({
  browser,
}) => {
  const teacherContext = await browser.newContext();
  const teacher = await teacherContext.newPage();
  await teacher.goto(`${ORIGIN}/?${TINY}`);
  await teacher.getByTestId('view-class').click();
  await teacher.getByTestId('class-start').click();
  const link = (await teacher.getByTestId('class-link').textContent()) ?? '';

  // The service worker lets the page itself load offline (other tests here block it).
  const context = await browser.newContext({ serviceWorkers: 'allow' });
  const page = await context.newPage();
  await page.goto(link);
  await page.getByTestId('class-name').fill('Ada');
  await page.getByTestId('class-join-button').click();
  await expect(page.getByTestId('class-connection')).toHaveAttribute('data-connected', 'true');
  await expect(page.getByTestId('offline-ready')).toBeVisible({ timeout: 60_000 });

  await teacher.getByTestId('class-step').selectOption('0');
  await teacher.getByTestId('class-send-step').click();
  await expect(page.getByTestId('lesson-title')).toHaveText(/^Integer labels/);

  await context.setOffline(true);
  await expect(page.getByTestId('class-connection')).toHaveAttribute('data-connected', 'false', {
    timeout: 60_000,
  });
  await page.getByTestId('lesson-choice-rejects').check();
  await page.reload();
  // Still in the class, on the step it is on, with the prediction kept in this browser.
  await expect(page.getByTestId('class-student')).toContainText('you are Ada');
  await expect(page.getByTestId('lesson-title')).toHaveText(/^Integer labels/);
  await expect(count(teacher, 'class-predicted')).toHaveAttribute('data-count', '0');

  await context.setOffline(false);
  await expect(count(teacher, 'class-predicted')).toHaveAttribute('data-count', '1', {
    timeout: 60_000,
  });
  await expect(count(teacher, 'class-bar-rejects')).toHaveAttribute('data-count', '1');
  await context.close();
  await teacherContext.close();
});

test('the phone’s class line: name and connection apart, a thumb-sized checkbox', async ({
  browser,
}) => {
  const teacherContext = await browser.newContext();
  const teacher = await teacherContext.newPage();
  await teacher.goto(`${ORIGIN}/`);
  await teacher.getByTestId('view-class').click();
  await teacher.getByTestId('class-start').click();
  const link = (await teacher.getByTestId('class-link').textContent()) ?? '';
  const phone = await student(browser, link, 'Linus', true);
  const line = phone.page.getByTestId('class-student');
  await expect(line).toContainText('you are Linus connected');
  const identity = await phone.page.getByTestId('class-identity').boundingBox();
  const connection = await phone.page.getByTestId('class-connection').boundingBox();
  if (!identity || !connection) throw new Error('the class line is not shown');
  if (Math.abs(identity.y - connection.y) < 4) {
    expect(connection.x - (identity.x + identity.width)).toBeGreaterThanOrEqual(8);
  } else {
    expect(connection.y).toBeGreaterThanOrEqual(identity.y + identity.height - 1);
  }
  // The checkbox and its words are one target a thumb can hit (44 px, as WCAG's AAA size).
  const follow = await phone.page.getByTestId('class-follow').boundingBox();
  const box = await phone.page.getByTestId('class-follow').locator('input').boundingBox();
  expect(follow?.height ?? 0).toBeGreaterThanOrEqual(44);
  expect(box?.width ?? 0).toBeGreaterThanOrEqual(18);
  const bar = await line.boundingBox();
  expect((bar?.x ?? 0) + (bar?.width ?? 999)).toBeLessThanOrEqual(390);
  await phone.context.close();
  await teacherContext.close();
});

test('a 2×2 class grid fills in: spread over three students, mean and range per cell', async ({
  browser,
}) => {
  test.setTimeout(300_000);
  const sweep =
    'view=grid&v=1&sweep=act,loss&act=sigmoid,softmax&loss=categorical_crossentropy,binary_crossentropy&labels=onehot&from_logits=false';
  const teacherContext = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    acceptDownloads: true,
  });
  const teacher = await teacherContext.newPage();
  await teacher.goto(`${ORIGIN}/?${sweep}&${TINY}`);
  await teacher.getByTestId('view-class').click();
  await teacher.getByTestId('class-start').click();
  const link = (await teacher.getByTestId('class-link').textContent()) ?? '';
  const students = [
    await student(browser, link, 'Ada'),
    await student(browser, link, 'Grace'),
    await student(browser, link, 'Linus', true),
  ];
  await expect(count(teacher, 'class-roster')).toHaveAttribute('data-count', '3');

  await expect(teacher.getByTestId('class-sweep-size')).toHaveText('4 cells, 4 to train');
  await teacher.getByTestId('class-send-sweep').click();
  // Every student sees their part, and every cell is trained at least once: 2 cells each.
  for (const { page } of students) {
    await expect(page.getByTestId('class-grid-line')).toBeVisible();
  }
  const progress = teacher.getByTestId('class-grid-progress');
  await expect(progress).toHaveAttribute('data-covered', '4', { timeout: 240_000 });
  for (const { page } of students) {
    await expect(page.getByTestId('class-grid-line')).toHaveAttribute('data-state', 'done', {
      timeout: 120_000,
    });
    await expect(page.getByTestId('class-grid-line')).toContainText('you trained your 2 cells');
  }
  await expect(progress).toContainText('6 runs from 3 students');
  // The projected cheat table: every cell a mean, with its range and how many students ran it.
  const spreads = teacher.getByTestId('class-grid').getByTestId('heat-spread');
  await expect(spreads).toHaveCount(4);
  const runs = await spreads.evaluateAll((els) => els.map((e) => Number(e.dataset.runs)));
  expect(runs.reduce((a, b) => a + b, 0)).toBe(6);
  await expect(teacher.getByTestId('class-grid').getByTestId('val-metric').first()).toContainText(
    /\d\.\d{4} \((\d\.\d{3}–\d\.\d{3}, \d runs|1 run)\)/,
  );

  // The export carries the class grid: one line per cell with its runs, means and range.
  const download = teacher.waitForEvent('download');
  await teacher.getByTestId('class-grid-csv').click();
  const csv = await (await download).createReadStream().then(async (stream) => {
    let text = '';
    for await (const chunk of stream) text += String(chunk);
    return text;
  });
  const lines = csv.trim().split('\r\n');
  expect(lines).toHaveLength(5);
  expect(lines[0]).toContain('mean_val_accuracy,min_val_accuracy,max_val_accuracy');

  // An ended class keeps the grid as its summary.
  teacher.once('dialog', (dialog) => void dialog.accept());
  await teacher.getByTestId('class-end').click();
  await expect(teacher.getByTestId('class-ended')).toBeVisible();
  await expect(teacher.getByTestId('class-grid').getByTestId('heat-spread')).toHaveCount(4);

  for (const s of students) await s.context.close();
  await teacherContext.close();
});
