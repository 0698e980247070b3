// report.html: one self-contained file (inline CSS and SVG, no network) that
// renders a run's results and history. It never recomputes a verdict.
import type { Anomaly } from '../checkers/checker.ts';
import { latencyPlot, throughputPlot, type ChartContext } from './charts.ts';
import { escapeHtml as h } from './escape.ts';
import { faultIntervals } from './faults.ts';
import {
  anomaliesSection,
  checkersSection,
  configSection,
  faultsSection,
  headerSection,
} from './html-sections.ts';
import { REPORT_CSS } from './html-style.ts';
import { pairOps } from './pairs.ts';
import { checkerEntries, verdictWord, type ReportInput } from './types.ts';

export function renderReport(input: ReportInput): string {
  const { config, results, history } = input;
  const entries = checkerEntries(results);
  const lastNs = history.length ? history[history.length - 1]!.time : 0;
  const endNs = Math.max(lastNs, typeof config.durationS === 'number' ? config.durationS * 1e9 : 0);
  const faults = faultIntervals(history, endNs);
  const pairs = pairOps(history);
  const ctx: ChartContext = { history, pairs, faults, x: { min: 0, max: endNs || 1 } };
  const timelineFor = (_a: Anomaly): string => '';

  const title = `${verdictWord(results.valid)} · ${config.test ?? 'splitbrain run'}${config.seed !== undefined ? ` · seed ${config.seed}` : ''}`;
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    // No network, ever: a report opened from CI artifacts must not phone home.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">`,
    `<title>${h(title)}</title>`,
    `<style>${REPORT_CSS}</style>`,
    '</head><body>',
    headerSection(config, results.valid, history),
    '<nav class="toc"><a href="#checkers">Checkers</a><a href="#anomalies">Anomalies</a><a href="#plots">Plots</a><a href="#faults">Faults</a><a href="#config">Configuration</a></nav>',
    checkersSection(entries),
    anomaliesSection(entries, history, timelineFor),
    `<section id="plots"><h2>Plots</h2>${latencyPlot(ctx)}${throughputPlot(ctx)}</section>`,
    faultsSection(faults),
    configSection(config),
    '</body></html>',
    '',
  ].join('\n');
}
