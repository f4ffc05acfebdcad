// The dashboard at 1280, 1920 and 390 px, light and dark, with Debian Chromium (headless), for docs/screenshots.
// Also prints, per width, how many cells of the lines grid's first page are cut (scrollWidth > clientWidth).
// Usage (bench/export.sh SCREENSHOTS=<folder> runs it): npm install playwright-core (in a scratch folder), then
//   node dashboard-widths.mjs <dashboard base URL> <viewer access key> <output folder>
import { chromium } from 'playwright-core';

const [base, key, outDir = '.'] = process.argv.slice(2);
if (!base || !key) {
  console.error('usage: node dashboard-widths.mjs <base URL> <viewer key> [output folder]');
  process.exit(2);
}
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
const widths = [1280, 1920, 390];
for (const theme of ['light', 'dark']) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: theme });
  const page = await context.newPage();
  await page.goto(`${base}/signin?returnUrl=%2Flines`);
  await page.fill('input[name=key]', key);
  await page.click('button[type=submit]');
  await page.waitForURL(`${base}/lines`);
  for (const width of widths) {
    await page.setViewportSize({ width, height: width < 600 ? 844 : 1000 });
    for (const [name, path, ready] of [
      ['lines', '/lines', '[data-testid=lines-grid] tbody tr td'],
      ['analytics', '/analytics', '[data-testid=chart-daily] svg'],
      ['invoice-536365', '/invoices/536365', '[data-testid=invoice-lines] tbody tr td'],
    ]) {
      await page.goto(`${base}${path}`);
      await page.waitForSelector(ready, { timeout: 60000 });
      await page.waitForTimeout(1500);
      if (name === 'lines') {
        const cut = await page.$$eval('[data-testid=lines-grid] tbody td', cells =>
          cells.filter(c => c.scrollWidth > c.clientWidth).map(c => c.textContent.trim()).slice(0, 5));
        console.log(`${theme} ${width}px: ${cut.length} cut cells in the first page${cut.length ? ': ' + cut.join(' | ') : ''}`);
      }
      const file = `${outDir}/daily-${name}-${width}${theme === 'dark' ? '-dark' : ''}.png`;
      await page.screenshot({ path: file, fullPage: width < 600 ? false : true });
      console.log(file);
    }
    if (theme === 'dark') {
      break; // dark at 1280 only: the layout is the theme's, the widths are shown in light
    }
  }
  await context.close();
}
await browser.close();
