import { expect, test } from '@playwright/test';

test.describe('loss lab and code export', () => {
  test('a lab link opens the lab, a preset reproduces the spec numbers, edits update the link', async ({
    page,
  }) => {
    await page.goto('/?view=lab&preset=cross-activation');
    const lab = page.getByTestId('loss-lab');
    await expect(lab.getByRole('heading', { name: 'Loss lab' })).toBeVisible();
    // Spec §1.2: softmax + BCE is 0.7282 on TensorFlow (cached logits), 0.26615 on JAX.
    await expect(
      lab.getByLabel(': binary_crossentropy, from_logits=False, softmax, tf'),
    ).toHaveText('0.7282');
    await expect(
      lab.getByLabel(': binary_crossentropy, from_logits=False, softmax, plain'),
    ).toHaveText('0.26615');
    await lab.getByLabel(': binary_crossentropy, from_logits=False, softmax, plain').click();
    await expect(page.getByTestId('lab-details')).toContainText('clip(p, ε, 1−ε)');

    await lab.getByLabel('Label encoding').selectOption('int');
    await expect(
      lab.getByLabel(': categorical_crossentropy, from_logits=False, softmax, tf'),
    ).toHaveText('ValueError');
    await expect(page).toHaveURL(/view=lab&logits=2,1,0\.1&enc=int&label=0/);
  });

  test('the table, y_true and the link follow the fields together', async ({ page }) => {
    await page.goto('/?view=lab&preset=extreme');
    const lab = page.getByTestId('loss-lab');
    // Three logits with the preset's class 8: no example, and the page says why.
    await lab.getByLabel('Logits z').fill('2, 1, 0.1');
    await expect(page.getByTestId('lab-pending')).toContainText(
      'Label: class ids must be integers from 0 to 2',
    );
    await expect(page).toHaveURL(/preset=extreme/);
    // Class 0 completes it: everything shows the three logits at once, without retyping them.
    await lab.getByLabel('Class', { exact: true }).fill('0');
    await expect(page.getByTestId('lab-pending')).toBeHidden();
    await expect(page.getByTestId('lab-activated')).toContainText('y_true = [1, 0, 0] ·');
    await expect(
      lab.getByLabel(': categorical_crossentropy, from_logits=False, softmax, tf'),
    ).toHaveText('0.41703');
    await expect(page).toHaveURL(/view=lab&logits=2,1,0\.1&enc=onehot&label=0$/);
  });

  test('a hostile lab link is ignored as text', async ({ page }) => {
    await page.goto('/?view=lab&logits=%3Cimg%20src%3Dx%3E');
    await expect(page.getByLabel('Ignored link parts')).toContainText('<img src=x>');
    await expect(page.locator('img')).toHaveCount(0);
  });

  test('the trainer page exports its configuration as code', async ({ page }) => {
    await page.goto('/?act=sigmoid&loss=binary_crossentropy&labels=onehot&backend=cpu');
    // Folded until asked for: the page does not open on a full listing.
    const panel = page.getByTestId('code-export');
    await expect(panel).toBeHidden();
    await page.getByTestId('code-disclosure').locator('summary').click();
    await expect(panel.getByTestId('code-block')).toContainText(
      'loss=keras.losses.BinaryCrossentropy(from_logits=False)',
    );
    await panel.getByRole('tab', { name: 'PyTorch' }).click();
    await expect(panel.getByTestId('code-block')).toContainText('nn.BCEWithLogitsLoss()');
  });
});

test('the loss lab links back to the trainer', async ({ page }) => {
  await page.goto('/?view=lab');
  await page.getByRole('link', { name: '← LossLab trainer' }).click();
  await expect(page.getByRole('button', { name: 'Train', exact: true })).toBeVisible();
  expect(new URL(page.url()).searchParams.get('view')).not.toBe('lab');
});

test('the losses added through the catalogue train from a link and export as code', async ({
  page,
}) => {
  const tiny = 'train=300&test=100&epochs=1&batch=50&backend=cpu&autorun=1';
  const status = page.getByTestId('training-status');
  const code = page.getByTestId('code-export').getByTestId('code-block');
  // The code export renders when its disclosure is opened.
  const openCodeExport = () => page.getByTestId('code-disclosure').locator('summary').click();

  await page.goto(
    `/?task=multilabel&labels=multihot&act=sigmoid&loss=binary_focal_crossentropy&metric=binary_accuracy&${tiny}`,
  );
  await expect(page.getByTestId('formula')).toContainText('(1 − p_tₖ)^γ');
  await expect(status).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
  await openCodeExport();
  await expect(code).toContainText(
    'loss=keras.losses.BinaryFocalCrossentropy(apply_class_balancing=False, alpha=0.25, gamma=2.0, from_logits=False)',
  );

  await page.goto(`/?act=softmax&loss=abs_kl_divergence&labels=onehot&${tiny}`);
  await expect(page.getByTestId('verdict')).toContainText('not a Keras loss');
  await expect(status).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
  await openCodeExport();
  await expect(code).toContainText('def abs_kl_divergence(y_true, y_pred):');
});
