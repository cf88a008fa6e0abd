import { expect, test, type Page } from '@playwright/test';

/** A tiny, fast run: 300 training and 100 test digits, 2 epochs of 6 steps, on the CPU backend. */
const TINY = 'train=300&test=100&epochs=2&batch=50&backend=cpu';

const control = (page: Page, label: string) => page.getByLabel(label, { exact: true });

async function waitForWorker(page: Page) {
  await expect(page.getByTestId('worker-status')).toContainText('10,000 digits loaded');
}

test.describe('trainer page', () => {
  test('a link sets every control', async ({ page }) => {
    await page.goto(
      '/?v=1&act=sigmoid&loss=sparse_categorical_crossentropy&from_logits=false&labels=int' +
        '&metric=sparse_categorical_accuracy&semantics=plain&model=mlp&units=64&opt=sgd&lr=0.05' +
        '&momentum=0.9&batch=32&epochs=3&train=500&test=200&seed=7&backend=cpu',
    );
    await expect(control(page, 'Output activation')).toHaveValue('sigmoid');
    await expect(control(page, 'Loss')).toHaveValue('sparse_categorical_crossentropy');
    await expect(control(page, 'from_logits=True')).not.toBeChecked();
    await expect(control(page, 'Label encoding')).toHaveValue('int');
    await expect(control(page, 'Accuracy metric')).toHaveValue('sparse_categorical_accuracy');
    await expect(control(page, 'Semantics')).toHaveValue('plain');
    await expect(control(page, 'Hidden units')).toHaveValue('64');
    await expect(control(page, 'Optimizer')).toHaveValue('sgd');
    await expect(control(page, 'Learning rate')).toHaveValue('0.05');
    await expect(control(page, 'Momentum')).toHaveValue('0.9');
    await expect(control(page, 'Batch size')).toHaveValue('32');
    await expect(control(page, 'Epochs')).toHaveValue('3');
    await expect(control(page, 'Training digits')).toHaveValue('500');
    await expect(control(page, 'Test digits')).toHaveValue('200');
    await expect(control(page, 'Seed')).toHaveValue('7');
    await expect(control(page, 'Backend')).toHaveValue('cpu');
    await expect(page.getByTestId('link-notice')).toHaveCount(0);
    await expect(page.getByTestId('preset-int-sigmoid-scce')).toHaveAttribute(
      'aria-pressed',
      'false', // the metric is not 'accuracy', so this is not exactly the preset
    );
  });

  test('autorun trains a tiny run: curves, the Keras log, results', async ({ page }) => {
    await page.goto(
      `/?act=softmax&loss=sparse_categorical_crossentropy&labels=int&${TINY}&autorun=1`,
    );
    const status = page.getByTestId('training-status');
    await expect(status).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
    await expect(status).toContainText(/Finished\. Test accuracy \d+\.\d%/);
    await expect(page.getByRole('status').filter({ hasText: 'Finished' })).toHaveCount(1);

    // Two epoch points per curve, drawn as lines.
    for (const id of ['curve-loss', 'curve-metric']) {
      await expect(page.getByTestId(id)).toHaveAttribute('data-points', '2');
      await expect(page.getByTestId(id).locator('.recharts-line-curve').first()).toBeVisible();
    }
    await expect(page.getByTestId('curve-metric')).toContainText('val_accuracy');

    // What Keras' fit(verbose=2) prints, with the metric named as the user wrote it.
    const log = page.getByRole('log', { name: 'Training log' });
    const lines = (await log.innerText()).split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe('Epoch 1/2');
    expect(lines[2]).toBe('Epoch 2/2');
    const epochLine =
      /^6\/6 - \d+s - \d+(us|ms|s)\/step - accuracy: [01]\.\d{4} - loss: \d+\.\d{4} - val_accuracy: [01]\.\d{4} - val_loss: \d+\.\d{4}$/;
    expect(lines[1]).toMatch(epochLine);
    expect(lines[3]).toMatch(epochLine);

    // Results: confusion matrix over the 100 test digits, per-class accuracy, the gallery.
    const matrix = page.getByTestId('confusion-matrix');
    await expect(matrix).toBeVisible();
    const total = await matrix
      .locator('tbody td:not(.per-class)')
      .evaluateAll((cells) => cells.reduce((sum, cell) => sum + Number(cell.textContent || 0), 0));
    expect(total).toBe(100);
    await expect(matrix.locator('td.per-class')).toHaveCount(10);
    await expect(page.getByTestId('test-accuracy')).toHaveText(/^\d+\.\d\d%$/);
    const sums = await page.getByTestId('output-sum').allInnerTexts();
    expect(sums.length).toBeGreaterThan(0);
    for (const sum of sums) expect(sum).toBe('Σ = 1.000'); // softmax outputs sum to 1
    await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-backend', 'cpu');
  });

  test('sigmoid outputs do not sum to 1', async ({ page }) => {
    await page.goto(
      `/?act=sigmoid&loss=sparse_categorical_crossentropy&labels=int&${TINY}&autorun=1`,
    );
    await expect(page.getByTestId('training-status')).toHaveAttribute('data-status', 'done', {
      timeout: 90_000,
    });
    // The results load on demand: wait for them (a fast run can finish before they arrive).
    await expect(page.getByTestId('output-sum').first()).toBeVisible();
    const sums = await page.getByTestId('output-sum').allInnerTexts();
    expect(sums.some((sum) => sum !== 'Σ = 1.000')).toBe(true);
    await expect(page.getByText('their sum is not 1')).toBeVisible();
  });

  test("an error configuration shows Keras' message and does not train", async ({ page }) => {
    await page.goto(`/?act=softmax&loss=categorical_crossentropy&labels=int&${TINY}&autorun=1`);
    await waitForWorker(page);
    const verdict = page.getByTestId('verdict');
    await expect(verdict).toHaveAttribute('data-level', 'error');
    await expect(page.getByTestId('keras-error')).toContainText(
      'Arguments `target` and `output` must have the same rank (ndim)',
    );
    const train = page.getByRole('button', { name: 'Train', exact: true });
    await expect(train).toBeDisabled();
    await expect(page.getByTestId('training-status')).toHaveAttribute('data-status', 'idle');
    // The reason sits next to the greyed-out button, and the empty log says what it will hold.
    await expect(page.getByTestId('train-blocked')).toHaveText(
      'Train is off: Keras rejects this configuration.',
    );
    await expect(page.getByRole('log', { name: 'Training log' })).toHaveCount(0);
    await expect(page.getByTestId('log-empty')).toContainText('Nothing trained yet');
    await expect(page.getByTestId('link-notice')).toContainText(
      'autorun = 1: training not started: Keras would raise an error',
    );

    // One click applies the suggested fix.
    await verdict.getByRole('button', { name: /^Use / }).first().click();
    await expect(verdict).not.toHaveAttribute('data-level', 'error');
    await expect(train).toBeEnabled();
  });

  test('a malformed link loads with defaults and a notice, and runs no markup', async ({
    page,
  }) => {
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.goto(
      '/?v=2&units=abc&lr=1e999&epochs=5&epochs=7&seed=-1&act=%3Cscript%3Ealert(1)%3C%2Fscript%3E' +
        '&labels=%3Cimg%20src%3Dx%20onerror%3Dalert(2)%3E&__proto__=x&backend=webgpu%00&hide=nope',
    );
    await waitForWorker(page);
    await expect(control(page, 'Hidden units')).toHaveValue('128');
    await expect(control(page, 'Learning rate')).toHaveValue('0.001');
    await expect(control(page, 'Epochs')).toHaveValue('5');
    await expect(control(page, 'Seed')).toHaveValue('42');
    await expect(control(page, 'Output activation')).toHaveValue('softmax');
    await expect(control(page, 'Label encoding')).toHaveValue('onehot');
    await expect(control(page, 'Backend')).toHaveValue('auto');

    const notice = page.getByTestId('link-notice');
    await expect(notice).toBeVisible();
    // Five are listed; the rest wait behind a disclosure.
    await notice.getByText('Show 5 more').click();
    for (const text of [
      'units = abc: not a number',
      'lr = 1e999: not a finite number',
      'epochs = 7: repeated key',
      'seed = -1: outside',
      'act = <script>alert(1)</script>: expected one of',
      'labels = <img src=x onerror=alert(2)>',
      '__proto__ = x: unknown key',
      'backend = webgpu\\u0000',
      'v = 2: unknown link version',
      'hide = nope: unknown control',
    ]) {
      await expect(notice).toContainText(text);
    }
    // The values were shown as text: nothing was parsed as markup, nothing ran.
    await expect(page.locator('img')).toHaveCount(0);
    await expect(page.locator('body script')).toHaveCount(0);
    expect(dialogs).toEqual([]);

    await notice.getByRole('button', { name: 'Dismiss' }).click();
    await expect(notice).toHaveCount(0);
  });

  test('changing a control updates the link, and a reload restores it', async ({ page }) => {
    await page.goto('/');
    await waitForWorker(page);
    await control(page, 'Output activation').selectOption('sigmoid');
    await expect.poll(() => new URL(page.url()).searchParams.get('act')).toBe('sigmoid');
    await control(page, 'Epochs').fill('3');
    await expect.poll(() => new URL(page.url()).searchParams.get('epochs')).toBe('3');
    const search = new URL(page.url()).searchParams;
    expect(search.get('v')).toBe('1');
    expect(search.get('seed')).toBe('42');

    // An invalid number is not written: the field says why and the link keeps the last value.
    await control(page, 'Epochs').fill('0');
    await expect(page.getByText('outside 1–100; keeping 3')).toBeVisible();
    await control(page, 'Epochs').fill('4');
    await expect.poll(() => new URL(page.url()).searchParams.get('epochs')).toBe('4');

    await page.getByTestId('preset-onehot-linear-cce-logits').click();
    await expect.poll(() => new URL(page.url()).searchParams.get('from_logits')).toBe('true');

    await page.reload();
    await expect(control(page, 'Output activation')).toHaveValue('linear');
    await expect(control(page, 'from_logits=True')).toBeChecked();
    await expect(control(page, 'Epochs')).toHaveValue('4');
    await expect(page.getByTestId('preset-onehot-linear-cce-logits')).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    await expect(page.getByTestId('link-notice')).toHaveCount(0);
  });

  test('presentation mode enlarges the page, folds the setup away, and toggles back', async ({
    page,
  }) => {
    await page.goto('/');
    await waitForWorker(page);
    const toggle = page.getByRole('button', { name: 'Presentation mode' });
    const config = page.getByRole('heading', { name: 'Configuration' });
    const fontSize = () =>
      page.locator('.app').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    const normal = await fontSize();
    await expect(config).toBeVisible();

    await toggle.click();
    await expect(toggle).toHaveAttribute('aria-pressed', 'true');
    await expect(page.locator('.app')).toHaveClass(/presentation/);
    expect(await fontSize()).toBeGreaterThan(normal);
    await expect(config).toBeHidden();
    await page.getByTestId('setup-toggle').click();
    await expect(config).toBeVisible();
    // Presentation mode survives a reload of this tab.
    await page.reload();
    await expect(page.locator('.app')).toHaveClass(/presentation/);

    await toggle.click();
    await expect(toggle).toHaveAttribute('aria-pressed', 'false');
    expect(await fontSize()).toBe(normal);
    await expect(config).toBeVisible();
  });

  test('keyboard: a skip link leads to Train, and Train and Stop keep focus', async ({ page }) => {
    await page.goto('/?train=3000&test=200&epochs=30&batch=32&backend=cpu');
    await waitForWorker(page);
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to Train' });
    await expect(skip).toBeFocused();
    await expect(skip).toBeInViewport();
    await page.keyboard.press('Enter');
    const train = page.getByRole('button', { name: 'Train', exact: true });
    await expect(train).toBeFocused();
    expect(new URL(page.url()).hash).toBe('');

    await page.keyboard.press('Enter');
    const status = page.getByTestId('training-status');
    await expect(status).toHaveAttribute('data-status', 'running');
    await expect(train).toBeFocused(); // not dropped to <body> when Train turned off
    await page.keyboard.press('Tab'); // Pause
    await page.keyboard.press('Tab'); // Stop
    const stop = page.getByRole('button', { name: 'Stop' });
    await expect(stop).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(status).toHaveAttribute('data-status', 'done');
    await expect(stop).toBeFocused();
    await expect(stop).toBeDisabled();
  });

  test('controls are labelled and explain themselves on focus; keyboard reaches them', async ({
    page,
  }) => {
    await page.goto('/');
    await waitForWorker(page);
    const activation = control(page, 'Output activation');
    await activation.focus();
    await expect(activation).toHaveAccessibleDescription(/softmax: probabilities that sum to 1/);
    await expect(page.locator('#control-act-help')).toBeVisible();
    await page.keyboard.press('Tab');
    await expect(control(page, 'Loss')).toBeFocused();
    await expect(page.locator('#control-loss-help')).toBeVisible();
  });

  test('pause, resume and stop a run', async ({ page }) => {
    await page.goto('/?train=3000&test=200&epochs=30&batch=32&backend=cpu');
    await waitForWorker(page);
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    const status = page.getByTestId('training-status');
    await expect(status).toHaveAttribute('data-status', 'running');
    await page.getByRole('button', { name: 'Pause' }).click();
    await expect(status).toHaveAttribute('data-status', 'paused');
    await expect(status).toContainText('Paused');
    await page.getByRole('button', { name: 'Resume' }).click();
    await expect(status).toHaveAttribute('data-status', 'running');
    await page.getByRole('button', { name: 'Stop' }).click();
    await expect(status).toHaveAttribute('data-status', 'done');
    await expect(status).toContainText('Stopped');
    await page.getByRole('button', { name: 'Reset' }).click();
    await expect(status).toHaveAttribute('data-status', 'idle');
    await expect(page.getByTestId('log-empty')).toBeVisible();
  });

  test('the same link reproduces the same numbers', async ({ page }) => {
    const link = `/?act=sigmoid&loss=sparse_categorical_crossentropy&labels=int&seed=11&${TINY}&autorun=1`;
    const numbers = async () => {
      await expect(page.getByTestId('training-status')).toHaveAttribute('data-status', 'done', {
        timeout: 90_000,
      });
      const text = await page.getByRole('log', { name: 'Training log' }).innerText();
      // Everything but the timings.
      return text.split('\n').map((line) => line.replace(/^(\d+\/\d+) - .*?step - /, '$1 - '));
    };
    await page.goto(link);
    const first = await numbers();
    const accuracy = await page.getByTestId('test-accuracy').innerText();
    await page.goto(link);
    expect(await numbers()).toEqual(first);
    await expect(page.getByTestId('test-accuracy')).toHaveText(accuracy);
  });

  test('Copy link copies a link that reproduces the configuration, optionally running it', async ({
    page,
    context,
  }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.goto('/?act=linear&from_logits=true&loss=categorical_crossentropy&epochs=3');
    await waitForWorker(page);
    await page.getByRole('checkbox', { name: 'trains when opened' }).check();
    await page.getByRole('button', { name: 'Copy link' }).click();
    await expect(page.getByText('Link copied.')).toBeVisible();
    const copied = new URL(await page.evaluate(() => navigator.clipboard.readText()));
    expect(copied.origin).toBe(new URL(page.url()).origin);
    const params = copied.searchParams;
    expect(params.get('v')).toBe('1');
    expect(params.get('act')).toBe('linear');
    expect(params.get('from_logits')).toBe('true');
    expect(params.get('epochs')).toBe('3');
    expect(params.get('seed')).toBe('42');
    expect(params.get('autorun')).toBe('1');
  });

  test('a lesson link hides the controls it names', async ({ page }) => {
    await page.goto('/?hide=loss,labels,presets');
    await waitForWorker(page);
    await expect(control(page, 'Output activation')).toBeVisible();
    await expect(control(page, 'Loss')).toHaveCount(0);
    await expect(control(page, 'Label encoding')).toHaveCount(0);
    await expect(page.getByRole('heading', { name: 'Classic experiments' })).toHaveCount(0);
    await control(page, 'Output activation').selectOption('sigmoid');
    await expect
      .poll(() => new URL(page.url()).searchParams.get('hide'))
      .toBe('loss,labels,presets');
    await page.getByRole('button', { name: 'Show all controls' }).click();
    await expect(control(page, 'Loss')).toBeVisible();
  });

  test('light and dark themes, remembered across a reload', async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto('/');
    await waitForWorker(page);
    const background = () =>
      page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    const light = await background();
    await page.getByLabel('Theme').selectOption('dark');
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    expect(await background()).not.toBe(light);
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await expect(page.getByLabel('Theme')).toHaveValue('dark');
    await page.getByLabel('Theme').selectOption('system');
    await expect(page.locator('html')).not.toHaveAttribute('data-theme', /./);
    expect(await background()).toBe(light);
  });

  test('a multi-label run reports subset accuracy and per-digit precision and recall', async ({
    page,
  }) => {
    await page.goto(
      `/?task=multilabel&labels=multihot&act=sigmoid&loss=binary_crossentropy&metric=binary_accuracy&${TINY}&autorun=1`,
    );
    const status = page.getByTestId('training-status');
    await expect(status).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
    await expect(status).toContainText('Subset accuracy');
    await expect(page.getByTestId('label-table').locator('tbody tr')).toHaveCount(10);
    await expect(page.getByTestId('confusion-matrix')).toHaveCount(0);
    const log = await page.getByRole('log', { name: 'Training log' }).innerText();
    expect(log).toMatch(
      / - binary_accuracy: [01]\.\d{4} - loss: \d+\.\d{4} - val_binary_accuracy: /,
    );
    // Canvases of 1 to 3 digits: some images have several true labels.
    const all = await page.getByTestId('prediction').allInnerTexts();
    expect(all.some((text) => /true \d, \d/.test(text))).toBe(true);
  });
});
