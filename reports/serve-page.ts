// The page `splitbrain serve` shows: every run newest first with its verdict,
// filters (query parameters, so links can be shared), and a trend of
// anomalies over runs.
import { escapeHtml as h } from './escape.ts';
import { REPORT_CSS } from './html-style.ts';
import type { RunSummary } from './runs-index.ts';
import { r1 } from './svg.ts';

export interface RunFilters {
  readonly test?: string;
  readonly verdict?: string;
  readonly q?: string;
}

const VERDICT_WORD = {
  true: 'valid',
  false: 'INVALID',
  unknown: 'unknown',
  missing: 'no results',
} as const;

function word(v: RunSummary['valid']): string {
  return VERDICT_WORD[String(v) as keyof typeof VERDICT_WORD];
}

export function filterRuns(runs: readonly RunSummary[], f: RunFilters): RunSummary[] {
  const q = f.q?.toLowerCase();
  return runs.filter(
    (r) =>
      (!f.test || r.test === f.test) &&
      (!f.verdict || word(r.valid) === f.verdict) &&
      (!q ||
        `${r.path} ${r.test} ${r.workload ?? ''} ${r.nemesis.join(' ')} ${r.seed ?? ''}`
          .toLowerCase()
          .includes(q)),
  );
}

export function runHref(r: RunSummary, file: string): string {
  return `/runs/${r.path.split('/').map(encodeURIComponent).join('/')}/${file}`;
}

/** Anomalies per run, oldest on the left; unknown and missing results get a short marker bar. */
export function trendSvg(runs: readonly RunSummary[]): string {
  const chrono = [...runs].reverse().slice(-200);
  if (chrono.length === 0) return '';
  const W = 960;
  const H = 160;
  const L = 48;
  const B = 20;
  const max = Math.max(1, ...chrono.map((r) => r.anomalies));
  const step = (W - L - 8) / chrono.length;
  const bars = chrono.map((r, i) => {
    const hgt =
      r.valid === false
        ? Math.max(3, ((H - B - 10) * r.anomalies) / max)
        : r.valid === true
          ? 2
          : 8;
    const cls = r.valid === false ? 's-fail' : r.valid === true ? 's-ok' : 's-info';
    const title = `${r.test} ${r.startedAt}: ${word(r.valid)}, ${r.anomalies} anomalies`;
    return `<a href="${h(runHref(r, 'report.html'))}"><rect class="swatch ${cls}" x="${r1(L + i * step + 1)}" y="${r1(H - B - hgt)}" width="${r1(Math.max(step - 2, 1))}" height="${r1(hgt)}"><title>${h(title)}</title></rect></a>`;
  });
  return (
    `<figure class="plot"><figcaption>Anomalies per run (oldest left, ${chrono.length} runs)</figcaption><svg viewBox="0 0 ${W} ${H}" role="img" aria-label="anomalies per run">` +
    `<line class="grid" x1="${L}" x2="${W - 8}" y1="${H - B}" y2="${H - B}"/><text class="tick" x="${L - 6}" y="${H - B}" text-anchor="end">0</text>` +
    `<text class="tick" x="${L - 6}" y="18" text-anchor="end">${max}</text>${bars.join('')}</svg></figure>`
  );
}

function options(values: readonly string[], selected: string | undefined, any: string): string {
  return [`<option value="">${h(any)}</option>`]
    .concat(
      values.map(
        (v) => `<option${v === selected ? ' selected' : ''} value="${h(v)}">${h(v)}</option>`,
      ),
    )
    .join('');
}

export function renderRunsPage(runsDir: string, all: readonly RunSummary[], f: RunFilters): string {
  const runs = filterRuns(all, f);
  const tests = [...new Set(all.map((r) => r.test))].sort();
  const rows = runs.map((r) => {
    const v = word(r.valid);
    const cls = r.valid === true ? 'v-valid' : r.valid === false ? 'v-invalid' : 'v-unknown';
    return (
      `<tr><td><span class="verdict ${cls}">${h(v)}</span></td><td>${h(r.test)}</td><td class="num">${h(r.startedAt)}</td>` +
      `<td class="num">${r.anomalies}</td><td>${h(r.failing.join(', '))}${r.problem ? `<div class="error">${h(r.problem)}</div>` : ''}</td>` +
      `<td>${h(r.workload ?? '')}</td><td>${h(r.nemesis.join(', '))}</td><td class="num">${h(r.seed ?? '')}</td>` +
      `<td><a href="${h(runHref(r, 'report.html'))}">report</a> · <a href="${h(runHref(r, 'junit.xml'))}">junit</a> · <a href="${h(runHref(r, 'results.json'))}">results</a></td></tr>`
    );
  });
  return [
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; form-action 'self'">`,
    `<title>splitbrain runs</title><style>${REPORT_CSS}</style></head><body>`,
    `<h1>splitbrain runs</h1><p class="muted">${h(runsDir)} · ${all.length} runs, ${runs.length} shown</p>`,
    '<form class="hb-filters" method="get" action="/">',
    `<label>test <select name="test">${options(tests, f.test, 'any')}</select></label>`,
    `<label>verdict <select name="verdict">${options(['valid', 'INVALID', 'unknown', 'no results'], f.verdict, 'any')}</select></label>`,
    `<label>search <input name="q" value="${h(f.q ?? '')}" size="16"></label><button type="submit">filter</button> <a href="/">clear</a></form>`,
    trendSvg(runs),
    runs.length
      ? `<table class="grid"><thead><tr><th>verdict</th><th>test</th><th>started</th><th>anomalies</th><th>failing checkers</th><th>workload</th><th>nemesis</th><th>seed</th><th></th></tr></thead><tbody>${rows.join('')}</tbody></table>`
      : '<p class="muted">No runs match. Runs appear here as <code>splitbrain run</code> writes them.</p>',
    '</body></html>',
  ].join('\n');
}
