// report.html: one self-contained file (inline CSS, SVG and script, no
// network) that renders a run's results and history. It never recomputes a
// verdict: everything shown is either in results.json or read off the history.
import { lagPlot } from './charts-lag.ts';
import { stalenessPlots } from './charts-stale.ts';
import { latencyPlot, throughputPlot, type ChartContext } from './charts.ts';
import { escapeHtml as h } from './escape.ts';
import { summarizeCauses } from './cause.ts';
import { faultIntervals } from './faults.ts';
import { historySection } from './html-history.ts';
import {
  anomaliesSection,
  checkersSection,
  configSection,
  faultsSection,
  headerSection,
  isSimulated,
} from './html-sections.ts';
import { REPORT_CSS } from './html-style.ts';
import { pairOps } from './pairs.ts';
import { anomalyTimeline, timelineIndex } from './timeline.ts';
import { checkerEntries, verdictWord, type ReportInput } from './types.ts';

/** Witness ops marked in the history browser; beyond this the marks stop (the anomaly list still has them). */
const MAX_WITNESS_MARKS = 200_000;

export function renderReport(input: ReportInput): string {
  const { config, results, history } = input;
  const entries = checkerEntries(results);
  // The largest time, not the last: imported histories are not always in time order.
  let lastNs = 0;
  for (const op of history) if (op.time > lastNs) lastNs = op.time;
  const endNs = Math.max(lastNs, typeof config.durationS === 'number' ? config.durationS * 1e9 : 0);
  const faults = faultIntervals(history, endNs);
  const pairs = pairOps(history);
  const ctx: ChartContext = {
    history,
    pairs,
    faults,
    x: { min: 0, max: endNs || 1 },
    simulated: isSimulated(config),
  };
  const cause = summarizeCauses({ history, entries, faults }).text;
  const tix = timelineIndex(history, pairs, faults);
  const witness = new Set<number>();
  for (const [, r] of entries)
    for (const a of r.anomalies ?? [])
      for (const i of a.ops ?? [])
        if (Number.isInteger(i) && witness.size < MAX_WITNESS_MARKS) witness.add(i);

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
    headerSection(config, results.valid, history, input.notes, cause),
    '<nav class="toc"><a href="#checkers">Checkers</a><a href="#plots">Plots</a><a href="#anomalies">Anomalies</a><a href="#faults">Faults</a><a href="#config">Configuration</a><a href="#history">History</a></nav>',
    checkersSection(entries),
    '<section id="plots"><h2>Plots</h2>',
    latencyPlot(ctx),
    throughputPlot(ctx),
    lagPlot(ctx),
    stalenessPlots(ctx, entries),
    '</section>',
    anomaliesSection(entries, history, (a) => anomalyTimeline(a, tix)),
    faultsSection(faults, history),
    configSection(config),
    historySection(
      history,
      [...witness].sort((a, b) => a - b),
    ),
    '</body></html>',
    '',
  ].join('\n');
}
