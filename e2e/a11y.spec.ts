import { expect, test, type Page } from '@playwright/test';
import {
  expectNoAxeViolations,
  expectNoHorizontalOverflow,
  setAppearance,
  TINY_RUN,
  VIEWPORTS,
  waitForRun,
  waitForWorker,
  type Appearance,
} from './fixtures';

/**
 * Accessibility as a checked property: axe-core, its experimental rules included, finds nothing
 * in any view (trainer before and after a run with its results, own data and code export, grid
 * with results, history and compare, lessons before and after a step's result, the class tab,
 * the loss lab) in light, dark and presentation mode, and no view scrolls sideways on a phone.
 */
const APPEARANCES: readonly Appearance[] = ['light', 'dark', 'presentation', 'presentation-dark'];

async function checkEverywhere(page: Page, label: string) {
  for (const appearance of APPEARANCES) {
    await setAppearance(page, appearance);
    await expectNoAxeViolations(page, `${label}, ${appearance}`);
  }
  await setAppearance(page, 'light');
  await page.setViewportSize(VIEWPORTS.phone);
  await expectNoHorizontalOverflow(page, `${label} at 390 px`);
  await setAppearance(page, 'dark');
  await expectNoAxeViolations(page, `${label}, dark, phone`);
  await page.setViewportSize(VIEWPORTS.laptop);
}

const GRID =
  '/?view=grid&v=1&sweep=act,loss&act=softmax,sigmoid&loss=categorical_crossentropy,sparse_categorical_crossentropy' +
  `&labels=onehot&from_logits=false&metric=accuracy&${TINY_RUN}&seed=42`;

test.describe('accessibility and width, every view', () => {
  test.use({ viewport: VIEWPORTS.laptop });
  // One axe pass over a full page takes 10–40 s on a loaded two-core machine, and each view is
  // checked five times (light, dark, both in presentation mode, and the phone).
  test.describe.configure({ timeout: 600_000 });

  test('trainer before and after a run', async ({ page }) => {
    await page.goto(`/?${TINY_RUN}`);
    await waitForWorker(page);
    await checkEverywhere(page, 'trainer before a run');
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await waitForRun(page);
    await expect(page.getByTestId('test-accuracy')).toBeVisible();
    await expect(page.getByTestId('drop-zone')).toBeVisible();
    // The code export is folded until asked for: open it, so its tabs and listing are checked.
    await page.getByTestId('code-disclosure').locator('summary').click();
    await expect(page.getByTestId('code-block')).toBeVisible();
    await checkEverywhere(page, 'trainer after a run, with results, own data and code export');
  });

  test('lessons, before and after a step’s result, and the class tab', async ({ page }) => {
    await page.goto('/?view=lessons&step=1');
    await expect(page.getByTestId('lesson-title')).toHaveText(/^Integer labels/);
    await checkEverywhere(page, 'a lesson before its run');
    // Step 1 is a configuration Keras rejects: its result is Keras' refusal, at once.
    await page.getByTestId('lesson-choice-rejects').check();
    await page.getByTestId('lesson-run').click();
    await expect(page.getByTestId('lesson-result')).toBeVisible();
    await checkEverywhere(page, 'a lesson with its result');

    await page.goto('/?view=class');
    await expect(page.getByTestId('class-start')).toBeVisible();
    await checkEverywhere(page, 'the class tab');
  });

  test('a rejected configuration', async ({ page }) => {
    await page.goto(`/?act=softmax&loss=categorical_crossentropy&labels=int&${TINY_RUN}`);
    await waitForWorker(page);
    await checkEverywhere(page, 'trainer, error verdict');
  });

  test('grid with results, history and compare', async ({ page }) => {
    await page.goto(`${GRID}&autorun=1`);
    await expect(page.getByTestId('grid-status')).toHaveAttribute('data-status', 'done', {
      timeout: 150_000,
    });
    // Clicking a heat-map cell brings its detail into view and moves focus to it.
    const cell = page.getByTestId('heat-maps').getByRole('button', { name: /%$/ }).first();
    await cell.click();
    const detail = page.getByTestId('cell-detail');
    await expect(detail).toBeFocused();
    await expect(detail).toBeInViewport();
    await expect(cell).toHaveAttribute('aria-pressed', 'true');
    await checkEverywhere(page, 'grid with results');

    // Two trained cells into the comparison, then the history with the compare chart.
    const trained = page.getByTestId('heat-maps').getByRole('button', { name: /%$/ });
    for (const i of [0, 1]) {
      await trained.nth(i).click();
      await page.getByTestId('cell-detail').getByLabel('add to the comparison').check();
    }
    await page.getByTestId('view-history').click();
    await expect(page.getByTestId('compare-chart')).toHaveAttribute('data-series', '2');
    await checkEverywhere(page, 'history and compare');
  });

  test('loss lab', async ({ page }) => {
    await page.goto('/?view=lab&logits=2,1,0.1&enc=int&label=0');
    await expect(page.getByRole('heading', { name: 'Loss lab' })).toBeVisible();
    await expectNoAxeViolations(page, 'loss lab, light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await expectNoAxeViolations(page, 'loss lab, dark');
    // Fields that describe no example: the reasons, tied to their fields.
    await page.getByTestId('lab-logits').fill('2, 1,');
    await expect(page.getByTestId('lab-pending')).toBeVisible();
    await expectNoAxeViolations(page, 'loss lab with an unreadable field, dark');
    await page.setViewportSize(VIEWPORTS.phone);
    await expectNoHorizontalOverflow(page, 'loss lab at 390 px');
  });
});
