import { chromium } from '@playwright/test';
const [,, name, url, w, h, extra] = process.argv;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage({ viewport: { width: Number(w), height: Number(h) }, colorScheme: extra?.includes('dark') ? 'dark' : 'light' });
await page.goto('http://127.0.0.1:4303/' + url);
await page.waitForTimeout(4000);
if (extra?.includes("setup")) { await page.locator("#setup").scrollIntoViewIfNeeded(); await page.getByText("from_logits").first().scrollIntoViewIfNeeded(); }
if (extra?.includes('train')) { await page.getByRole('button', { name: 'Train', exact: true }).click(); await page.waitForTimeout(6000); }
await page.screenshot({ path: `/tmp/w3shots/${name}.png`, fullPage: extra?.includes('full') });
const over = await page.evaluate(() => { const out=[]; for (const el of document.querySelectorAll('body *')) { const r = el.getBoundingClientRect(); if (r.right > innerWidth + 1 && r.width>0 && getComputedStyle(el).visibility!=='hidden') out.push(el.tagName+'.'+el.className+' '+Math.round(r.right)); } return out.slice(0,15); });
console.log(name, 'overflow:', over);
await browser.close();
