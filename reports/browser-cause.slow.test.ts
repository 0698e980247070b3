// A simulated run's report in a real browser: the cause summary at the top and
// every fault said in words, on the plot bands and in the Faults table, with
// the whole record one hover or click away. Screenshots are kept in the run
// directory and in tmp/reports/ (the nightly uploads that folder).
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveRunConfig } from '../harness/config.ts';
import { executeRun } from '../harness/execute.ts';
import { CHROMIUM, hasChromium, launchChromium } from './chromium.ts';
import { writeReports } from './write.ts';

const OUT = resolve('tmp/reports');
if (!hasChromium())
  console.warn(`reports/browser-cause.slow.test.ts skipped: ${CHROMIUM} is absent`);

/** One of each fault kind, at fixed times, so the report has every label to show. */
const SCHEDULE = {
  ops: [
    { atS: 2, f: 'start-partition', value: { isolate: 'n3' } },
    { atS: 6, f: 'stop-partition' },
    { atS: 7, f: 'kill', value: { target: 'n2', restartAfterMs: 2000 } },
    { atS: 11, f: 'pause', value: 'n2' },
    { atS: 12, f: 'resume', value: 'all' },
    { atS: 13, f: 'bump-clock', value: { target: 'n1', deltaMs: 12000 } },
    { atS: 15, f: 'reset-clock', value: 'all' },
    {
      atS: 16,
      f: 'start-link',
      value: { links: [{ from: 'n1', to: 'n2' }], faults: { latencyMs: 200 } },
    },
    { atS: 18, f: 'stop-link' },
  ],
};
const WORDS = [
  'n3 isolated from n1, n2',
  'n2 killed, restarted after 2 s',
  'n2 paused',
  'n1 clock +12 s',
  'n1→n2 +200 ms latency',
];

describe.skipIf(!hasChromium())('the cause summary and fault words in chromium', () => {
  let browser: Browser;
  let page: Page;
  let runDir = '';

  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    const schedule = join(OUT, 'cause-schedule.json');
    writeFileSync(schedule, JSON.stringify(SCHEDULE));
    const config = resolveRunConfig(
      {
        backend: 'sim',
        out: join(OUT, 'runs'),
        test: 'browser-cause',
        seed: 7,
        timeLimit: 20,
        readFrom: 'any',
        nemesisSchedule: schedule,
      },
      7,
    );
    runDir = (await executeRun(config, { log: () => {} })).runDir;
    const { html } = writeReports(runDir);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1200, height: 1300 } });
    await page.goto(pathToFileURL(html).href);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('opens with who served the stale reads, what it was cut off from, and how far behind', async () => {
    const cause = page.locator('#cause');
    expect(await cause.isVisible()).toBe(true);
    const text = (await cause.textContent()) ?? '';
    expect(text).toMatch(
      /^Of \d+ stale reads( \(\d+ listed\))?, \d+ were served by n3 between 2\.\d and [56]\.\d s, while n3 was isolated from n1, n2/,
    );
    expect(text).toMatch(/n3 was up to \d\.\d s behind \(monitor lag samples\)/);
    // It sits above the checker table: the first thing read after the verdict.
    const causeBox = (await cause.boundingBox())!;
    const checkers = (await page.locator('#checkers').boundingBox())!;
    expect(causeBox.y).toBeLessThan(checkers.y);
    await page.screenshot({ path: join(runDir, 'report.png') });
    copyFileSync(join(runDir, 'report.png'), join(OUT, 'report-cause.png'));
  });

  it('labels the fault bands in words, with the whole record on hover', async () => {
    const labels = await page.locator('#plot-latency text.fault-label').allTextContents();
    for (const w of WORDS)
      expect(
        labels.some((l) => w.startsWith(l.replace(/…$/, ''))),
        w,
      ).toBe(true);
    expect(labels).toContain('n3 isolated from n1, n2');
    const title = await page.locator('#plot-latency g.fault title').first().textContent();
    expect(title).toContain('n3 isolated from n1, n2 (2.00–6.00 s)');
    expect(title).toContain('"grudge":{"n1":["n3"],"n2":["n3"],"n3":["n1","n2"]}');
  });

  it('lists the faults in words, the full record a click away', async () => {
    const words = await page.locator('#faults td.fault-words').allTextContents();
    expect(words).toEqual(expect.arrayContaining(WORDS));
    const details = page.locator('#faults details').first();
    const code = details.locator('code');
    expect(await code.isVisible()).toBe(false);
    await details.locator('summary').click();
    expect(await code.isVisible()).toBe(true);
    expect(await code.textContent()).toContain('"grudge":{"n1":["n3"]');
    await page.locator('#faults').screenshot({ path: join(OUT, 'report-faults.png') });
  });

  it('says the times are simulated', async () => {
    expect(await page.locator('.facts').textContent()).toContain('simulated (sim backend)');
    expect(await page.locator('#plot-latency figcaption').textContent()).toContain('simulated ms');
  });
});
