// The report's stylesheet, inlined so the file needs no network. Colours are
// variables: light by default, dark under prefers-color-scheme, and light
// again for print whatever the screen uses.
export const REPORT_CSS = `
:root {
  --bg: #ffffff; --fg: #1b1f24; --muted: #5b6470; --line: #d6dae0; --panel: #f5f7fa;
  --ok: #1a7f37; --fail: #cf222e; --info: #bf8700; --accent: #0969da; --witness: #fff1c2;
  --f0: rgba(207,34,46,.13); --f1: rgba(130,80,223,.14); --f2: rgba(191,135,0,.16);
  --f3: rgba(9,105,218,.12); --f4: rgba(27,127,55,.13);
  color-scheme: light dark;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --line: #30363d; --panel: #161b22;
    --ok: #3fb950; --fail: #f85149; --info: #d29922; --accent: #58a6ff; --witness: #3b2e00;
    --f0: rgba(248,81,73,.20); --f1: rgba(163,113,247,.22); --f2: rgba(210,153,34,.22);
    --f3: rgba(88,166,255,.18); --f4: rgba(63,185,80,.18);
  }
}
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1100px; padding: 16px 20px 60px; background: var(--bg); color: var(--fg);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
h1 { font-size: 22px; margin: 8px 0; display: flex; gap: 12px; align-items: center; flex-wrap: wrap; }
h2 { font-size: 18px; border-bottom: 1px solid var(--line); padding-bottom: 4px; margin-top: 28px; }
h3 { font-size: 16px; margin: 18px 0 8px; }
h4 { font-size: 14px; margin: 0 0 4px; }
a { color: var(--accent); }
code, .val, .cmd, td.num, .stats { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
.muted { color: var(--muted); font-weight: normal; }
.error { color: var(--fail); }
p.warning { margin: 6px 0; padding: 8px 12px; border-left: 4px solid var(--info); background: var(--panel); border-radius: 4px; }
.verdict { display: inline-block; padding: 2px 10px; border-radius: 12px; font-size: 13px; font-weight: 700;
  letter-spacing: .03em; color: #fff; }
h1 .verdict { font-size: 16px; padding: 4px 14px; }
.v-valid { background: var(--ok); } .v-invalid { background: var(--fail); } .v-unknown { background: var(--info); }
.facts { display: flex; flex-wrap: wrap; gap: 6px 28px; margin: 6px 0; }
.facts div { display: flex; gap: 6px; } .facts dt { color: var(--muted); } .facts dd { margin: 0; font-weight: 600; }
.repeat code { display: block; white-space: pre-wrap; word-break: break-all; background: var(--panel);
  border: 1px solid var(--line); border-radius: 6px; padding: 6px 10px; margin-top: 4px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
thead th { color: var(--muted); font-weight: 600; font-size: 12px; }
table.kv th { width: 180px; color: var(--muted); font-weight: 600; }
td.num { text-align: right; white-space: nowrap; }
td.val { word-break: break-all; max-width: 480px; }
td.stats { color: var(--muted); word-break: break-word; }
#checkers th[scope=row] { white-space: nowrap; } #checkers td:nth-child(4) { min-width: 180px; }
tr.witness td, tr.hl td { background: var(--witness); }
tr.t-ok td:nth-child(3) { color: var(--ok); } tr.t-fail td:nth-child(3) { color: var(--fail); }
tr.t-info td:nth-child(3) { color: var(--info); }
.anomaly { border: 1px solid var(--line); border-left: 4px solid var(--fail); border-radius: 6px;
  padding: 10px 12px; margin: 10px 0; background: var(--panel); break-inside: avoid; }
.anomaly .kind, li .kind { font-family: ui-monospace, monospace; color: var(--fail); font-weight: 700; }
.explanation { margin: 4px 0 8px; font-size: 14.5px; }
.plot { margin: 12px 0 18px; break-inside: avoid; }
.plot figcaption { font-weight: 600; margin-bottom: 4px; }
svg { width: 100%; height: auto; display: block; overflow: visible; }
svg text { fill: var(--fg); font: 11px system-ui, sans-serif; }
svg .tick, svg .axis-label { fill: var(--muted); }
svg .grid { stroke: var(--line); stroke-width: .6; }
svg .frame { fill: none; stroke: var(--line); }
svg .fault rect { fill: var(--f0); } svg .fault-1 rect { fill: var(--f1); } svg .fault-2 rect { fill: var(--f2); }
svg .fault-3 rect { fill: var(--f3); } svg .fault-4 rect { fill: var(--f4); }
svg .fault-label { fill: var(--muted); font-size: 10px; }
svg .dots { fill: none; stroke-width: 2.6; stroke-linecap: round; }
svg .dots.big { stroke-width: 7; }
svg .line { fill: none; stroke-width: 1.6; stroke-linejoin: round; }
svg .dots.s-ok, svg .line.s-ok { stroke: var(--ok); } svg .dots.s-fail, svg .line.s-fail { stroke: var(--fail); }
svg .dots.s-info, svg .line.s-info { stroke: var(--info); }
svg .swatch.s-ok { fill: var(--ok); } svg .swatch.s-fail { fill: var(--fail); } svg .swatch.s-info { fill: var(--info); }
svg .dots[class*=series-] { stroke-width: 3.5; }
svg .series-0 { stroke: var(--accent); } svg .series-1 { stroke: var(--fail); } svg .series-2 { stroke: var(--ok); }
svg .series-3 { stroke: var(--info); } svg .series-4 { stroke: #8250df; } svg .series-5 { stroke: #bc4c00; }
svg .swatch.series-0 { fill: var(--accent); } svg .swatch.series-1 { fill: var(--fail); } svg .swatch.series-2 { fill: var(--ok); }
svg .swatch.series-3 { fill: var(--info); } svg .swatch.series-4 { fill: #8250df; } svg .swatch.series-5 { fill: #bc4c00; }
svg .line.q50 { stroke: var(--accent); stroke-width: 1.4; } svg .line.q99 { stroke: #8250df; stroke-width: 1.4; stroke-dasharray: 4 2; }
svg .swatch.q50 { fill: var(--accent); } svg .swatch.q99 { fill: #8250df; }
svg .bar { fill: var(--muted); opacity: .55; } svg .bar.t-ok { fill: var(--ok); } svg .bar.t-fail { fill: var(--fail); }
svg .bar.t-info { fill: var(--info); } svg .bar.witness { opacity: 1; stroke: var(--fg); stroke-width: 1.4; }
svg .lane { stroke: var(--line); stroke-dasharray: 2 3; }
svg .bar-label { font-size: 10px; fill: var(--fg); pointer-events: none; }
svg a:hover .bar { opacity: 1; }
svg .witness-label { font-weight: 700; }
svg .other { font-style: italic; opacity: .8; }
.timeline figcaption { font-size: 12px; margin-top: 2px; }
.timeline { margin: 6px 0 10px; }
.hb-filters { display: flex; flex-wrap: wrap; gap: 6px 14px; align-items: center; margin: 8px 0; }
.hb-filters input, .hb-filters select, .hb-pager input, .hb-pager select, button {
  background: var(--bg); color: var(--fg); border: 1px solid var(--line); border-radius: 4px; padding: 2px 6px; font: inherit; }
button { cursor: pointer; }
.hb-pager { display: flex; gap: 6px; align-items: center; flex-wrap: wrap; margin: 6px 0; }
#hb-status { color: var(--muted); margin-left: 10px; }
table.hb td.val { max-width: 420px; }
#faults td.val { width: 45%; } #faults td.val code { display: block; white-space: pre-wrap; word-break: break-all; }
#faults td.fault-words { font-weight: 600; }
p.cause { font-size: 15px; margin: 6px 0 10px; padding: 8px 12px; background: var(--panel);
  border-left: 4px solid var(--accent); border-radius: 4px; }
body.plots-clickable svg.timed { cursor: crosshair; }
body.plots-clickable .plot figcaption::after { content: " · click a moment to see its ops"; font-weight: normal; color: var(--muted); font-size: 12px; }
nav.toc { display: flex; gap: 14px; flex-wrap: wrap; font-size: 13px; margin: 8px 0; }
details.more { margin: 8px 0; } details.more li { margin: 3px 0; }
@media print {
  :root { --bg: #fff; --fg: #000; --muted: #444; --line: #bbb; --panel: #fff; --witness: #fff1c2;
    --ok: #1a7f37; --fail: #cf222e; --info: #9a6700; --accent: #0969da; }
  body { max-width: none; padding: 0; font-size: 11pt; }
  .no-print, nav.toc, #history { display: none !important; }
  body.plots-clickable .plot figcaption::after { content: none; }
  a { color: inherit; text-decoration: none; }
  .verdict { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  h2 { break-after: avoid; }
}
`;
