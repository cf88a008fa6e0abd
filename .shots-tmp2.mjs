import { chromium } from '@playwright/test';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
await page.goto('http://127.0.0.1:4303/' + (process.argv[2] ?? ''));
await page.waitForTimeout(4000);
console.log(await page.evaluate(() => { const out=[document.documentElement.scrollWidth]; 
 const clipped = (el) => { for (let p = el.parentElement; p; p = p.parentElement) { const o = getComputedStyle(p).overflowX; if (o === 'auto' || o === 'scroll' || o === 'hidden') return true; } return false; };
 for (const el of document.querySelectorAll('body *')) { const r = el.getBoundingClientRect(); if (r.right > innerWidth + 1 && r.width>0 && !clipped(el)) out.push(el.tagName+'.'+el.className+' '+el.textContent.slice(0,60)+' '+Math.round(r.right)); } return out.slice(0,12); }));
await browser.close();
