// Benchmark of report.html for a generated 1,000,000-record history: how long
// rendering takes, how big the file is, and (where chromium exists) how long a
// browser takes to show it and to have the history browser ready.
// Runs by itself: node --import tsx bench/report.bench.ts [records]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { hasChromium, launchChromium } from '../reports/chromium.ts';
import { renderReport } from '../reports/html.ts';
import { syntheticRun } from '../reports/synthetic.ts';

/** Budgets from issue 8: a 1M-op report opens in under 2 s and stays under 20 MB. */
const MAX_BYTES = 20e6;
const MAX_LOAD_MS = 2000;

export interface ReportBenchResult {
  readonly records: number;
  readonly renderMs: number;
  readonly bytes: number;
  /** Navigation start to the load event, or null without chromium. */
  readonly loadMs: number | null;
  /** Navigation start to the history browser showing its first page. */
  readonly historyReadyMs: number | null;
  /** Where the history browser's unpacking time went, ms per step. */
  readonly steps?: Readonly<Record<string, number>>;
}

export async function benchReport(
  records = 1_000_000,
  outDir = resolve('tmp/bench'),
): Promise<ReportBenchResult> {
  const run = syntheticRun({ records, seed: 42 });
  const t0 = performance.now();
  const html = renderReport(run);
  const renderMs = performance.now() - t0;
  const bytes = Buffer.byteLength(html);
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, `report-${records}.html`);
  writeFileSync(file, html);
  if (!hasChromium()) return { records, renderMs, bytes, loadMs: null, historyReadyMs: null };

  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load', timeout: 60_000 });
    await page.waitForFunction(
      () => /ops match|unavailable/.test(document.getElementById('hb-status')?.textContent ?? ''),
      undefined,
      { timeout: 60_000 },
    );
    if (errors.length) throw new Error(`the report failed in the browser: ${errors.join('; ')}`);
    // Measured inside the page, from navigation start, so launch time does not count.
    const t = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      const w = window as unknown as { __historyTimings?: Record<string, number> };
      return { load: nav.loadEventEnd, ready: performance.now(), steps: w.__historyTimings ?? {} };
    });
    return { records, renderMs, bytes, loadMs: t.load, historyReadyMs: t.ready, steps: t.steps };
  } finally {
    await browser.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const records = Number(process.argv[2] ?? 1_000_000);
  const r = await benchReport(records);
  const mb = (r.bytes / 1e6).toFixed(1);
  console.log(`report.html for ${records.toLocaleString('en-US')} records`);
  console.log(`  render   ${r.renderMs.toFixed(0)} ms`);
  console.log(`  size     ${mb} MB (budget ${MAX_BYTES / 1e6} MB)`);
  if (r.loadMs === null) console.log('  load     skipped: /usr/bin/chromium is absent');
  else {
    console.log(
      `  load     ${r.loadMs.toFixed(0)} ms to the load event (budget ${MAX_LOAD_MS} ms)`,
    );
    console.log(
      `  history  ${r.historyReadyMs!.toFixed(0)} ms until the history browser shows its first page`,
    );
    const steps = Object.entries(r.steps ?? {}).map(([k, v]) => `${k} ${v} ms`);
    console.log(`           ${steps.join(', ')}`);
  }
  const over = r.bytes > MAX_BYTES || (r.historyReadyMs ?? 0) > MAX_LOAD_MS;
  process.exitCode = over ? 1 : 0;
}
