// Takes the Aspire dashboard screenshots of docs/observability.md with Debian Chromium (headless).
// Usage: start the AppHost, replay some rows, then
//   npm install playwright-core   (in any scratch folder; it downloads no browser)
//   node aspire-screenshots.mjs "<login URL printed by the AppHost>" <output folder>
import { chromium } from 'playwright-core';

const [loginUrl, outDir = '.'] = process.argv.slice(2);
if (!loginUrl) {
  console.error('usage: node aspire-screenshots.mjs <login URL> [output folder]');
  process.exit(2);
}
const base = new URL(loginUrl).origin;
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
const shot = async (name) => {
  await page.waitForTimeout(2500); // the dashboard streams its data over a live connection
  await page.screenshot({ path: `${outDir}/${name}.png` });
  console.log(`${outDir}/${name}.png`);
};

await page.goto(loginUrl);
await page.waitForURL(`${base}/**`);
await page.goto(`${base}/`);
await shot('aspire-resources');

await page.goto(`${base}/traces/resource/ingestapi`);
await shot('aspire-traces');
// Open the first request's trace: it spans API -> Kafka -> processor -> MongoDB. Rows carry the trace id in a title.
const title = await page.locator('td[title*="Trace Id:"]').first().getAttribute('title');
const traceId = title?.match(/Trace Id: ([0-9a-f]+)/)?.[1];
if (traceId) {
  await page.goto(`${base}/traces/detail/${traceId}`);
  await shot('aspire-trace-detail');
}

await page.goto(`${base}/metrics/resource/processor?meter=DocStream.Pipeline&instrument=docstream.processor.documents.written&duration=5`);
await shot('aspire-metrics');
await browser.close();
