// The history browser section of report.html: controls rendered here, the
// history embedded by embed.ts, and the client script from assets/browser.js.
import { readFileSync } from 'node:fs';
import type { Op } from '../core/history.ts';
import { encodeHistory } from './embed.ts';
import { jsonForScript } from './escape.ts';
import { fmtCount } from './format.ts';

function asset(name: string): string {
  const text = readFileSync(new URL(`./assets/${name}`, import.meta.url), 'utf8');
  if (/<\/script|<!--/i.test(text))
    throw new Error(`reports/assets/${name} must not contain "</script" or "<!--"; it is inlined`);
  return text;
}
const BROWSER_JS = `${asset('history-data.js')}\n${asset('browser.js')}`;

export function historySection(history: readonly Op[], witness: readonly number[]): string {
  const types = (['invoke', 'ok', 'fail', 'info'] as const)
    .map(
      (t, k) =>
        `<label><input type="checkbox" name="hb-type" value="${'iofn'[k]}" checked> ${t}</label>`,
    )
    .join(' ');
  return [
    '<section id="history" class="no-print"><h2>History</h2>',
    `<p class="muted">${fmtCount(history.length, 'record')}. Filter, then page; op links anywhere in this report jump here. Times are shown to the µs; history.jsonl has the exact ns.</p>`,
    '<form class="hb-filters" onsubmit="return false">',
    '<label>process <input id="hb-proc" size="10" placeholder="3, 7, nemesis"></label>',
    '<label>key <input id="hb-key" size="8" list="hb-keys" placeholder="any"></label><datalist id="hb-keys"></datalist>',
    '<label>f <select id="hb-f"><option value="">any</option></select></label>',
    `<span class="hb-types">${types}</span>`,
    '<label>from <input id="hb-from" size="6" inputmode="decimal" placeholder="s"></label>',
    '<label>to <input id="hb-to" size="6" inputmode="decimal" placeholder="s"></label>',
    '<label>value contains <input id="hb-text" size="10"></label>',
    '<label><input type="checkbox" id="hb-witness"> anomaly witnesses only</label>',
    '<button type="button" id="hb-reset">reset</button>',
    '</form>',
    '<div class="hb-pager"><button type="button" id="hb-first">«</button><button type="button" id="hb-prev">‹</button>',
    ' page <input id="hb-page" size="5" inputmode="numeric"> of <span id="hb-pages">1</span> ',
    '<button type="button" id="hb-next">›</button><button type="button" id="hb-last">»</button>',
    ' <select id="hb-size"><option>50</option><option selected>100</option><option>500</option></select> per page',
    ' <label>go to op <input id="hb-goto" size="7" inputmode="numeric"></label>',
    ' <span id="hb-status" role="status">The history browser needs JavaScript.</span></div>',
    '<table class="ops hb"><thead><tr><th>index</th><th>process</th><th>type</th><th>f</th><th>value</th><th>node</th><th>time</th><th>pair</th></tr></thead><tbody id="hb-body"></tbody></table>',
    `<script type="application/json" id="witness-data">${jsonForScript(witness)}</script>`,
    // base64 has no "<", so it cannot end the script element early.
    `<script type="application/octet-stream" id="history-data">${encodeHistory(history)}</script>`,
    `<script>${BROWSER_JS}</script>`,
    '</section>',
  ].join('\n');
}
