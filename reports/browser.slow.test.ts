// Opens a rendered report in a real browser (Debian's chromium through
// playwright-core): what a person sees, not what the markup claims.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, hasChromium, launchChromium } from './chromium.ts';
import { renderReport } from './html.ts';
import { syntheticRun } from './synthetic.ts';
import { checkerEntries } from './types.ts';

const OUT = resolve('tmp/reports');
if (!hasChromium())
  console.warn(
    `reports/browser.slow.test.ts skipped: ${CHROMIUM} is absent (apt-get install -y chromium)`,
  );

describe.skipIf(!hasChromium())('report.html in chromium', () => {
  const run = syntheticRun({ records: 20_000, hostile: true, seed: 5 });
  const anomaly = checkerEntries(run.results)[0]![1].anomalies[0]!;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  const requests: string[] = [];

  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    const file = join(OUT, 'browser-test-report.html');
    writeFileSync(file, renderReport(run));
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('dialog', (d) => {
      problems.push(`dialog opened: ${d.message()}`);
      void d.dismiss();
    });
    page.on('request', (r) => {
      if (!r.url().startsWith('file:')) requests.push(r.url());
    });
    await page.goto(pathToFileURL(file).href);
    await page.waitForFunction(() =>
      /ops match/.test(document.getElementById('hb-status')?.textContent ?? ''),
    );
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows the overall verdict and the anomaly explanation', async () => {
    await expect(page.locator('h1 .verdict').textContent()).resolves.toBe('INVALID');
    const explanation = page.locator('.anomaly .explanation').first();
    expect(await explanation.isVisible()).toBe(true);
    expect(await explanation.textContent()).toBe(anomaly.explanation);
  });

  it('draws every plot', async () => {
    for (const id of [
      'plot-latency',
      'plot-throughput',
      'plot-lag',
      'plot-staleness',
      'plot-stale-reads',
    ]) {
      const box = await page.locator(`#${id} svg`).boundingBox();
      expect(box?.width, id).toBeGreaterThan(400);
      expect(
        await page.locator(`#${id} svg :is(path.dots, polyline, path.line, rect.swatch)`).count(),
        id,
      ).toBeGreaterThan(0);
    }
    expect(await page.locator('#plot-latency .fault').count()).toBeGreaterThan(0);
    expect(await page.locator('.anomaly .timeline rect.bar.witness').count()).toBeGreaterThan(0);
  });

  it('jumps from a witness op to it in the history browser', async () => {
    const target = anomaly.ops[2]!;
    await page.locator(`.anomaly a[href="#op=${target}"]`).first().click();
    const row = page.locator(`#hb-row-${target}.hl`);
    await row.waitFor();
    expect(await row.isVisible()).toBe(true);
  });

  it('goes to an op typed into the history browser', async () => {
    await page.locator('#hb-goto').fill('1234');
    await page.locator('#hb-goto').press('Enter');
    await page.locator('#hb-row-1234.hl').waitFor();
    expect(await page.evaluate(() => location.hash)).toBe('#op=1234');
  });

  it('shows the ops around a moment clicked on a plot', async () => {
    const svg = page.locator('#plot-throughput svg');
    const box = (await svg.boundingBox())!;
    // Halfway across the plot area (viewBox 64..944 of 960).
    await svg.click({ position: { x: box.width * (504 / 960), y: box.height / 2 } });
    await page.waitForFunction(
      () =>
        document.getElementById('hb-from') instanceof HTMLInputElement &&
        (document.getElementById('hb-from') as HTMLInputElement).value !== '',
    );
    const from = Number(await page.locator('#hb-from').inputValue());
    const to = Number(await page.locator('#hb-to').inputValue());
    const mid = Number(run.config.durationS) / 2;
    expect(from).toBeLessThan(mid + 0.2);
    expect(to).toBeGreaterThan(mid - 0.2);
    await page.waitForFunction(
      () => !/^20,000 of/.test(document.getElementById('hb-status')?.textContent ?? ''),
    );
  });

  it('filters the history by process and type', async () => {
    await page.locator('#hb-reset').click();
    await page.locator('#hb-proc').fill('nemesis');
    const nemesisOps = run.history.filter((o) => o.process === 'nemesis').length;
    await page.waitForFunction(
      (n) => document.getElementById('hb-status')?.textContent?.startsWith(`${n} of`),
      nemesisOps,
    );
    await page.locator('#hb-reset').click();
    await page.locator('input[name=hb-type][value=i]').uncheck();
    const completions = run.history.filter((o) => o.type !== 'invoke').length;
    await page.waitForFunction(
      (n) =>
        document
          .getElementById('hb-status')
          ?.textContent?.startsWith(`${n.toLocaleString('en-US')} of`),
      completions,
    );
  });

  it('runs no injected script, asks for nothing over the network, logs no errors', async () => {
    await page.screenshot({ path: join(OUT, 'report.png'), fullPage: false });
    expect(problems).toEqual([]);
    expect(requests).toEqual([]);
    expect(await page.evaluate(() => document.title)).toContain('<script>');
  });
});
