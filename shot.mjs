import { chromium } from '@playwright/test';
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});
const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
page.on('console', (m) => console.log('console:', m.type(), m.text()));
page.on('pageerror', (e) => console.log('pageerror:', e.message));
await page.goto('http://127.0.0.1:5190/#secret=2syM8To5skv4jGs4uBNACv4k7YeIQct-');
await page.waitForTimeout(2500);
await page.screenshot({ path: '/tmp/s-jobs.png' });
await page.locator('[role=row][data-job-id]').first().click();
await page.waitForTimeout(1000);
await page.screenshot({ path: '/tmp/s-detail.png', fullPage: false });
await page.getByRole('button', { name: 'Insights' }).click();
await page.waitForTimeout(1000);
await page.screenshot({ path: '/tmp/s-insights.png' });
await page.getByRole('button', { name: 'Connections' }).click();
await page.waitForTimeout(500);
await page.screenshot({ path: '/tmp/s-conn.png' });
await browser.close();
