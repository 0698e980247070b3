// matrix.html: one self-contained page (no network) for `splitbrain matrix`:
// a row per cell (setting x read policy x nemesis), a column per guarantee,
// each cell the violation rate with its 95 % interval, theory's prediction and
// why, and a link to the worst run's report. Disagreements with theory are
// marked first; the detection table follows when the matrix measured bugs.
import { escapeHtml } from './escape.ts';
import type { DetectionRow, MatrixFile, MatrixGuarantee, MatrixRow } from './matrix-types.ts';

const CSS = `
:root { --bg:#fff; --fg:#1b1f24; --muted:#5b6470; --line:#d6dae0; --ok:#1a7f37; --fail:#cf222e;
  --warn:#9a6700; --accent:#0969da; color-scheme: light dark; }
@media (prefers-color-scheme: dark) { :root { --bg:#0d1117; --fg:#e6edf3; --muted:#9198a1;
  --line:#30363d; --ok:#3fb950; --fail:#f85149; --warn:#d29922; --accent:#58a6ff; } }
body { margin: 0 auto; max-width: 1200px; padding: 16px 20px 60px; background: var(--bg); color: var(--fg);
  font: 14px/1.45 system-ui, sans-serif; }
a { color: var(--accent); }
table { border-collapse: collapse; margin: 12px 0; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
td.num { font-family: ui-monospace, monospace; font-size: 12.5px; white-space: nowrap; }
.disagree { outline: 2px solid var(--fail); color: var(--fail); font-weight: 600; }
.finding { color: var(--warn); }
.muted, .why { color: var(--muted); font-size: 12px; }
.ok { color: var(--ok); } .fail { color: var(--fail); }
`;

const pct = (x: number) => `${(x * 100).toFixed(0)} %`;

const MARK: Record<MatrixGuarantee['status'], string> = {
  agree: '',
  disagree: ' ✗ theory says must hold',
  finding: ' ? never violated',
  unknown: ' no answer',
};

/**
 * Links to a kept run's report and, on sim, to its replay.json with how to
 * repeat or shrink it from the matrix's folder.
 */
function runLinks(runDir: string, label: string, sim: boolean): string {
  const report = ` <a href="${escapeHtml(`${runDir}/report.html`)}">${label}</a>`;
  if (!sim) return report;
  const how = `repeat: splitbrain run --replay ${runDir}/replay.json; shrink: splitbrain shrink ${runDir}`;
  return `${report} <a href="${escapeHtml(`${runDir}/replay.json`)}" title="${escapeHtml(how)}">replay</a>`;
}

function guaranteeCell(g: MatrixGuarantee, sim: boolean): string {
  const rate = g.runs === 0 ? '–' : `${g.violated}/${g.runs} (${pct(g.violated / g.runs)})`;
  const ci =
    g.runs === 0 ? '' : ` <span class="muted">[${pct(g.ci.low)}, ${pct(g.ci.high)}]</span>`;
  const expect = g.expect === 'must-hold' ? 'must hold' : 'may be violated';
  const link = g.worstRun ? runLinks(g.worstRun, `worst (seed ${g.worstSeed})`, sim) : '';
  return `<td class="num ${g.status}" title="${escapeHtml(g.reason)}">${rate}${ci}${link}<br><span class="why">${expect}${escapeHtml(MARK[g.status])}</span></td>`;
}

function rowHtml(r: MatrixRow, sim: boolean): string {
  const failed =
    r.failedRuns > 0
      ? ` <span class="fail" title="${escapeHtml(r.failure ?? '')}">${r.failedRuns} failed</span>`
      : '';
  return `<tr><td>${escapeHtml(r.mode)}</td><td>${escapeHtml(r.setting.label)}</td><td>${escapeHtml(r.readFrom)}</td><td>${escapeHtml(r.nemesis.kinds)}${failed}</td>${r.guarantees.map((g) => guaranteeCell(g, sim)).join('')}</tr>`;
}

/** A table's key: its mode and its columns (two grids of one mode may check different guarantees). */
const tableOf = (r: MatrixRow): string =>
  `${r.mode} ${r.guarantees.map((g) => g.guarantee).join()}`;

/** One table per mode and set of columns, each with its own guarantees as columns. */
function modeTables(rows: readonly MatrixRow[], sim: boolean): string {
  const tables = [...new Set(rows.map(tableOf))];
  return tables
    .map((table) => {
      const mine = rows.filter((r) => tableOf(r) === table);
      const mode = mine[0]!.mode;
      const cols = mine[0]!.guarantees.map((g) => `<th>${escapeHtml(g.guarantee)}</th>`).join('');
      const head = `<tr><th>mode</th><th>setting</th><th>reads</th><th>nemesis</th>${cols}</tr>`;
      return `<h2>${escapeHtml(mode)}</h2><table>${head}${mine.map((r) => rowHtml(r, sim)).join('')}</table>`;
    })
    .join('\n');
}

function reasons(file: MatrixFile): string {
  const seen = new Map<string, string>();
  for (const r of file.rows)
    for (const g of r.guarantees) seen.set(`${g.expect}: ${g.reason}`, g.guarantee);
  const items = [...seen.keys()].sort().map((k) => `<li>${escapeHtml(k)}</li>`);
  return `<h2>Why theory predicts what it does</h2><ul>${items.join('')}</ul>`;
}

function detectionHtml(rows: readonly DetectionRow[], sim: boolean): string {
  const body = rows
    .map(
      (d) =>
        `<tr><td><code>${escapeHtml(d.bug)}</code></td><td>${escapeHtml(d.description)}</td><td>${escapeHtml(d.bestCell ?? '–')}</td><td class="num ${d.ci.low >= 0.95 || d.caught / Math.max(1, d.runs) >= 0.95 ? 'ok' : 'fail'}">${d.caught}/${d.runs} (${pct(d.caught / Math.max(1, d.runs))}) <span class="muted">[${pct(d.ci.low)}, ${pct(d.ci.high)}]</span></td><td>${escapeHtml(d.caughtBy.join(', '))}${d.worstRun ? runLinks(d.worstRun, 'worst run', sim) : ''}</td></tr>`,
    )
    .join('');
  return `<h2>Detection power</h2><p class="muted">Each deliberate bug (store/replication/bug-catalog.ts) run over the grid; the share of runs whose checkers caught it, in the cell that caught it most. Target: at least 95 %.</p><table><tr><th>bug</th><th>what it breaks</th><th>best cell</th><th>caught</th><th>by</th></tr>${body}</table>`;
}

export function renderMatrixHtml(file: MatrixFile): string {
  const g = file.grid;
  const sim = g.backend === 'sim';
  const verdict =
    file.disagreements > 0
      ? `<p class="fail">${file.disagreements} cell(s) disagree with theory (marked ✗).</p>`
      : '<p class="ok">Every cell agrees with theory.</p>';
  const findings =
    file.findings > 0
      ? `<p class="finding">${file.findings} “may be violated” cell(s) were never violated over at least ${g.findingSeeds} seeds (marked ?): the nemesis may be too weak there.</p>`
      : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>splitbrain matrix</title><style>${CSS}</style></head><body>
<h1>splitbrain matrix</h1>
<p class="muted">${escapeHtml(file.startedAt)} · backend ${escapeHtml(g.backend)} · seeds ${g.firstSeed}–${g.firstSeed + g.seeds - 1} · ${g.timeLimitS} s at ${g.rate} ops/s per run · ${file.durationS.toFixed(0)} s in all${g.bug ? ` · bug <code>${escapeHtml(g.bug)}</code>` : ''}${file.failedRuns > 0 ? ` · <span class="fail">${file.failedRuns} runs failed</span>` : ''}</p>
${verdict}${findings}
<p class="muted">Each cell: runs that violated the guarantee / runs checked, the 95 % Wilson interval, and what theory predicts (hover for the reason).</p>
${modeTables(file.rows, sim)}
${file.detection ? detectionHtml(file.detection, sim) : ''}
${reasons(file)}
</body></html>
`;
}
