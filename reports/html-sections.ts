// The server-rendered parts of report.html: readable with scripts off and
// when printed. Every string from config, results or history goes through
// escapeHtml.
import type { Anomaly, CheckResult, Validity } from '../checkers/checker.ts';
import type { Op } from '../core/history.ts';
import { escapeHtml as h, showValue } from './escape.ts';
import type { FaultInterval } from './faults.ts';
import { fmtCount, fmtDurationNs, fmtSecondsNs, fmtValue } from './format.ts';
import {
  anomalyCount,
  anomalyCountText,
  configWarnings,
  kindsText,
  verdictWord,
  type RunConfig,
} from './types.ts';

/** Anomalies shown open per checker; a long list must not bury the rest of the report. */
export const OPEN_ANOMALIES = 5;
/** Detail (op tables, timelines) for this many anomalies per checker, beyond the open ones folded; the rest are listed. */
export const DETAILED_ANOMALIES = 20;
const LISTED_ANOMALIES = 500;

export function verdictBadge(v: Validity): string {
  const word = verdictWord(v);
  return `<span class="verdict v-${word.toLowerCase()}">${word}</span>`;
}

export function headerSection(
  config: RunConfig,
  valid: Validity,
  history: readonly Op[],
  notes: readonly string[] = [],
  cause = '',
): string {
  const facts: [string, string][] = [];
  if (config.seed !== undefined) facts.push(['seed', String(config.seed)]);
  if (typeof config.durationS === 'number')
    facts.push(['duration', fmtDurationNs(config.durationS * 1e9)]);
  else if (history.length)
    facts.push(['duration', fmtSecondsNs(history[history.length - 1]!.time)]);
  if (config.startedAt) facts.push(['started', config.startedAt]);
  facts.push(['history', fmtCount(history.length, 'record')]);
  const done = { ok: 0, fail: 0, info: 0 };
  for (const op of history)
    if (typeof op.process === 'number' && op.type !== 'invoke') done[op.type]++;
  const n = (x: number) => x.toLocaleString('en-US');
  facts.push(['client ops', `ok ${n(done.ok)} · fail ${n(done.fail)} · info ${n(done.info)}`]);
  if (isSimulated(config)) facts.push(['times', 'simulated (sim backend): virtual seconds']);
  return [
    '<header class="run">',
    `<h1>${verdictBadge(valid)} ${h(config.test ?? 'splitbrain run')}</h1>`,
    ...configWarnings(config).map((w) => `<p class="note warning"><b>Warning:</b> ${h(w)}</p>`),
    cause ? `<p class="cause" id="cause">${h(cause)}</p>` : '',
    `<dl class="facts">${facts.map(([k, v]) => `<div><dt>${h(k)}</dt><dd>${h(v)}</dd></div>`).join('')}</dl>`,
    config.command
      ? `<p class="repeat">Repeat this run: <code class="cmd">${h(config.command)}</code></p>`
      : '',
    ...notes.map((n) => `<p class="note error">${h(n)}</p>`),
    '</header>',
  ].join('');
}

/** The sim backend runs on a virtual clock: every time and latency in the report is simulated. */
export function isSimulated(config: RunConfig): boolean {
  return config.backend === 'sim';
}

const KNOWN_ORDER = [
  'test',
  'workload',
  'backend',
  'nodes',
  'concurrency',
  'rate',
  'timeLimitS',
  'readFrom',
  'nemesis',
  'nemesisIntervalS',
  'checkers',
  'seed',
  'startedAt',
  'durationS',
  'versions',
  'command',
];

export function configSection(config: RunConfig): string {
  const keys = [
    ...KNOWN_ORDER.filter((k) => config[k] !== undefined),
    ...Object.keys(config).filter((k) => !KNOWN_ORDER.includes(k)),
  ];
  if (keys.length === 0) return '';
  const rows = keys.map((k) => {
    const v = config[k];
    const text = Array.isArray(v) ? v.map(fmtValue).join(', ') : fmtValue(v);
    return `<tr><th scope="row">${h(k)}</th><td>${h(text)}</td></tr>`;
  });
  return `<section id="config"><h2>Configuration</h2><table class="kv">${rows.join('')}</table></section>`;
}

export function checkersSection(entries: readonly [string, CheckResult][]): string {
  if (entries.length === 0)
    return '<section id="checkers"><h2>Checkers</h2><p class="muted">results.json has no checker results.</p></section>';
  const rows = entries.map(([id, r]) => {
    const anomalies = r.anomalies ?? [];
    const kinds = kindsText(r);
    // Numbers read well in a row; sentences (a checker's worst cases) each get a line.
    const all = Object.entries(r.stats ?? {});
    const short = all.filter(([, v]) => typeof v !== 'string' || v.length <= 24);
    const long = all.filter(([, v]) => typeof v === 'string' && v.length > 24);
    const stats =
      h(short.map(([k, v]) => `${k}=${fmtValue(v)}`).join(' · ')) +
      long.map(([k, v]) => `<div>${h(k)}: ${h(v)}</div>`).join('');
    const { total, listed } = anomalyCount(r);
    const shown = total > listed ? `${total} (${listed} listed)` : String(total);
    const link = anomalies.length ? `<a href="#checker-${h(slug(id))}">${shown}</a>` : '0';
    return (
      `<tr><th scope="row">${h(id)}</th><td>${verdictBadge(r.valid)}</td><td class="num">${link}</td>` +
      `<td>${h(kinds)}${r.error ? `<div class="error">${h(r.error)}</div>` : ''}</td><td class="stats">${stats}</td></tr>`
    );
  });
  return (
    '<section id="checkers"><h2>Checkers</h2><table class="grid"><thead><tr><th>checker</th><th>verdict</th><th>anomalies</th><th>kinds</th><th>stats</th></tr></thead>' +
    `<tbody>${rows.join('')}</tbody></table></section>`
  );
}

/** Ids built from checker names: keep them valid and unique-ish without trusting the text. */
export function slug(s: string): string {
  return s.replace(/[^A-Za-z0-9_-]/g, (c) => `_${c.charCodeAt(0).toString(16)}`);
}

export function opRow(op: Op, cls = ''): string {
  const extra = op.error ? ` <span class="error">${h(op.error)}</span>` : '';
  return (
    `<tr class="t-${h(op.type)}${cls ? ` ${cls}` : ''}"><td class="num"><a href="#op=${op.index}">${op.index}</a></td>` +
    `<td>${h(op.process)}</td><td>${h(op.type)}</td><td>${h(op.f)}</td>` +
    `<td class="val">${h(showValue(op.value))}${extra}</td><td>${h(op.node ?? '')}</td>` +
    `<td class="num">${h(fmtSecondsNs(op.time))}</td></tr>`
  );
}

export const OP_TABLE_HEAD =
  '<thead><tr><th>index</th><th>process</th><th>type</th><th>f</th><th>value</th><th>node</th><th>time</th></tr></thead>';

export function anomalyArticle(
  checkerId: string,
  n: number,
  a: Anomaly,
  history: readonly Op[],
  timeline: string,
): string {
  // results.json is input too: an index that is not an integer names no op.
  const ops = (a.ops ?? []).map((i) => (Number.isInteger(i) ? history[i] : undefined));
  const rows = ops.map((op, k) =>
    op
      ? opRow(op, 'witness')
      : `<tr><td class="num">${h(a.ops[k])}</td><td colspan="6" class="error">not in history.jsonl</td></tr>`,
  );
  return (
    `<article class="anomaly" id="anomaly-${h(slug(checkerId))}-${n}">` +
    `<h4><span class="kind">${h(a.kind)}</span> <span class="muted">#${n + 1}</span></h4>` +
    `<p class="explanation">${h(a.explanation)}</p>` +
    timeline +
    `<table class="ops">${OP_TABLE_HEAD}<tbody>${rows.join('')}</tbody></table></article>`
  );
}

export function anomaliesSection(
  entries: readonly [string, CheckResult][],
  history: readonly Op[],
  timelineFor: (a: Anomaly) => string,
): string {
  const parts: string[] = [];
  for (const [id, r] of entries) {
    const anomalies = r.anomalies ?? [];
    if (anomalies.length === 0) continue;
    parts.push(
      `<section class="checker-anomalies" id="checker-${h(slug(id))}"><h3>${h(id)} ${verdictBadge(r.valid)} <span class="muted">${h(anomalyCountText(r))}</span></h3>`,
    );
    anomalies.slice(0, OPEN_ANOMALIES).forEach((a, n) => {
      parts.push(anomalyArticle(id, n, a, history, timelineFor(a)));
    });
    const folded = anomalies.slice(OPEN_ANOMALIES, DETAILED_ANOMALIES);
    if (folded.length) {
      parts.push(
        `<details class="more"><summary>${folded.length} more with timelines and ops</summary>`,
      );
      folded.forEach((a, k) => {
        parts.push(anomalyArticle(id, OPEN_ANOMALIES + k, a, history, timelineFor(a)));
      });
      parts.push('</details>');
    }
    const rest = anomalies.slice(DETAILED_ANOMALIES, LISTED_ANOMALIES);
    if (rest.length) {
      parts.push(
        `<details class="more"><summary>${rest.length} more shown as explanations only</summary><ol start="${DETAILED_ANOMALIES + 1}">` +
          rest
            .map(
              (a) =>
                `<li><span class="kind">${h(a.kind)}</span> ${h(a.explanation)} <span class="muted">ops ${(a.ops ?? []).map((i) => `<a href="#op=${h(i)}">${h(i)}</a>`).join(', ')}</span></li>`,
            )
            .join('') +
          '</ol></details>',
      );
    }
    const { total } = anomalyCount(r);
    const shown = Math.min(anomalies.length, LISTED_ANOMALIES);
    if (total > shown) {
      const inFile =
        anomalies.length > shown
          ? ` (${anomalies.length - shown} more are listed in results.json, every one is counted by kind above)`
          : ' (counted by kind above; the checker lists only the first ones)';
      parts.push(
        `<p class="muted">… and ${(total - shown).toLocaleString('en-US')} more${inFile}.</p>`,
      );
    }
    parts.push('</section>');
  }
  if (parts.length === 0) return '';
  return `<section id="anomalies"><h2>Anomalies</h2>${parts.join('')}</section>`;
}

/** The op that ended a fault; a kill that restarts by itself ends with its own completion. */
function endedBy(f: FaultInterval, history: readonly Op[]): string {
  const end = history[f.endIndex ?? -1];
  if (!end) return '';
  return end.f === f.f ? 'restarted' : end.f;
}

export function faultsSection(faults: readonly FaultInterval[], history: readonly Op[]): string {
  if (faults.length === 0) return '';
  const rows = faults.slice(0, 500).map(
    (f) =>
      `<tr><td class="num"><a href="#op=${f.startIndex}">${fmtSecondsNs(f.startNs)}</a></td>` +
      `<td class="num">${f.closed ? `<a href="#op=${f.endIndex ?? ''}">${fmtSecondsNs(f.endNs)}</a> <span class="muted">${h(endedBy(f, history))}</span>` : 'never healed'}</td>` +
      `<td class="fault-words" title="${h(f.label)}">${h(f.words)}</td>` +
      // The full record (the whole grudge, the link spec with its seed) one click away.
      `<td class="val"><details><summary>${h(f.f)}</summary><code>${h(f.label)}</code></details></td></tr>`,
  );
  return (
    `<section id="faults"><h2>Faults</h2><table class="grid"><thead><tr><th>start</th><th>end</th><th>fault</th><th>as recorded</th></tr></thead><tbody>${rows.join('')}</tbody></table>` +
    (faults.length > 500 ? `<p class="muted">… and ${faults.length - 500} more.</p>` : '') +
    '</section>'
  );
}
