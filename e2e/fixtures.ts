/**
 * Shared checks for the layout and accessibility journeys: the three places LossLab is used
 * (a laptop, a projector in presentation mode, a phone), axe-core, horizontal overflow and
 * overlapping text.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page } from '@playwright/test';

export const VIEWPORTS = {
  laptop: { width: 1440, height: 900 },
  projector: { width: 1280, height: 720 },
  phone: { width: 390, height: 844 },
} as const;

/** A tiny run: 300 training and 100 test digits, one epoch of 6 steps, on the CPU backend. */
export const TINY_RUN = 'train=300&test=100&epochs=1&batch=50&backend=cpu';

export async function waitForWorker(page: Page) {
  await expect(page.getByTestId('worker-status')).toContainText('digits loaded');
}

export async function waitForRun(page: Page) {
  await expect(page.getByTestId('training-status')).toHaveAttribute('data-status', 'done', {
    timeout: 90_000,
  });
}

export type Appearance = 'light' | 'dark' | 'presentation' | 'presentation-dark';

/** Sets the theme through the page's own control and presentation mode through its toggle. */
export async function setAppearance(page: Page, appearance: Appearance) {
  const dark = appearance === 'dark' || appearance === 'presentation-dark';
  await page.getByLabel('Theme').selectOption(dark ? 'dark' : 'light');
  const toggle = page.getByRole('button', { name: 'Presentation mode' });
  const wanted = appearance.startsWith('presentation') ? 'true' : 'false';
  if ((await toggle.getAttribute('aria-pressed')) !== wanted) await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', wanted);
}

/**
 * axe-core over the whole page (WCAG 2.2 A and AA rules, best practices and axe's experimental
 * rules, e.g. `label-content-name-mismatch`), with the violating nodes in the failure message so
 * a failure says what to fix.
 */
export async function expectNoAxeViolations(page: Page, label: string) {
  const results = await new AxeBuilder({ page })
    .withTags([
      'wcag2a',
      'wcag2aa',
      'wcag21a',
      'wcag21aa',
      'wcag22aa',
      'best-practice',
      'experimental',
    ])
    .analyze();
  const found = results.violations.map(
    (v) =>
      `${v.id} (${v.impact ?? 'n/a'}): ${v.help}\n` +
      v.nodes
        .slice(0, 5)
        .map((n) => `  ${n.target.join(' ')}: ${n.failureSummary?.replace(/\s+/g, ' ')}`)
        .join('\n'),
  );
  expect(found, `axe violations in ${label}`).toEqual([]);
}

/** Nothing on the page is wider than the viewport: no horizontal scrolling. */
export async function expectNoHorizontalOverflow(page: Page, label: string) {
  const { scrollWidth, clientWidth, widest } = await page.evaluate(() => {
    const root = document.documentElement;
    let widest = '';
    let right = root.clientWidth;
    for (const element of document.querySelectorAll('body *')) {
      const box = element.getBoundingClientRect();
      if (box.right > right + 0.5 && getComputedStyle(element).position !== 'fixed') {
        right = box.right;
        widest = `${element.tagName.toLowerCase()}.${[...element.classList].join('.')}`;
      }
    }
    return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, widest };
  });
  expect(scrollWidth, `${label}: the page scrolls sideways (${widest})`).toBeLessThanOrEqual(
    clientWidth,
  );
}

/** The whole element is inside the viewport (retried, so a smooth scroll may finish first). */
export async function expectInViewport(locator: Locator, label: string) {
  await expect(locator, `${label} is fully on screen`).toBeInViewport({ ratio: 1 });
}

/**
 * No two pieces of text in a chart overlap: SVG tick labels and the HTML title, legend and axis
 * titles, compared by their bounding boxes (1 px of slack for anti-aliasing).
 */
export async function expectNoOverlappingText(chart: Locator, label: string) {
  const overlaps = await chart.evaluate((root) => {
    const texts: { name: string; box: DOMRect }[] = [];
    for (const node of root.querySelectorAll(
      'svg text, figcaption, li, .chart-y-title, .chart-x-title',
    )) {
      const box = node.getBoundingClientRect();
      if (box.width > 0 && box.height > 0) {
        texts.push({ name: (node.textContent ?? '').trim(), box });
      }
    }
    const hits: string[] = [];
    for (let i = 0; i < texts.length; i++) {
      for (let j = i + 1; j < texts.length; j++) {
        const a = texts[i]!.box;
        const b = texts[j]!.box;
        const x = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const y = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (x > 1 && y > 1) hits.push(`"${texts[i]!.name}" × "${texts[j]!.name}"`);
      }
    }
    return { hits, count: texts.length };
  });
  expect(overlaps.count, `${label}: chart text found`).toBeGreaterThan(5);
  expect(overlaps.hits, `${label}: overlapping chart text`).toEqual([]);
}
