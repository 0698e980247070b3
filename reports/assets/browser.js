// The page half of the report's history browser (the data half is
// history-data.js). Plain browser JavaScript, inlined into report.html by
// reports/html-history.ts; no network, no libraries. The history unpacks
// after first paint, so the rest of the report is readable at once. Every
// value from the history is set with textContent, never parsed as markup.
/* global document, window, Option, location, setTimeout, clearTimeout, performance */
(() => {
  'use strict';
  const $ = (id) => document.getElementById(id);
  const TYPE_NAME = { i: 'invoke', o: 'ok', f: 'fail', n: 'info' };
  const state = { h: null, matches: null, page: 0, pageSize: 100, hl: -1 };
  let loading = null;

  function status(text) {
    $('hb-status').textContent = text;
  }

  const H = window.SplitbrainHistory;
  window.__historyTimings = H.timings;

  async function unpack() {
    const el = $('history-data');
    if (!el) throw new Error('no embedded history in this report');
    const text = await H.gunzipBase64(el.textContent);
    return H.index(text, JSON.parse($('witness-data')?.textContent || '[]'));
  }

  function ensureLoaded() {
    if (!loading) {
      const t0 = performance.now();
      status('Unpacking the history…');
      loading = unpack().then(
        (h) => {
          state.h = h;
          window.__historyReadyMs = performance.now() - t0;
          fillChoices(h);
          applyFilters();
          return h;
        },
        (err) => {
          status(`History browser unavailable: ${err.message}`);
          throw err;
        },
      );
    }
    return loading;
  }

  function fillChoices(h) {
    const fSel = $('hb-f');
    for (const f of h.fDict) fSel.append(new Option(f, f));
    const keys = $('hb-keys');
    for (const k of h.keyDict.slice(0, 2000)) keys.append(new Option(k));
  }

  function procName(p) {
    return p === -1 ? 'nemesis' : p === -2 ? 'monitor' : String(p);
  }

  function applyFilters() {
    const h = state.h;
    if (!h) return;
    const types = new Set(
      [...document.querySelectorAll('#history input[name=hb-type]:checked')].map((c) => c.value),
    );
    state.matches = H.filterOps(h, {
      procs: $('hb-proc').value,
      key: $('hb-key').value.trim(),
      f: $('hb-f').value,
      types,
      fromS: parseFloat($('hb-from').value),
      toS: parseFloat($('hb-to').value),
      text: $('hb-text').value,
      onlyWitness: $('hb-witness').checked,
    });
    state.page = 0;
    render();
  }

  function cell(tr, text, cls) {
    const td = document.createElement('td');
    td.textContent = text;
    if (cls) td.className = cls;
    tr.append(td);
    return td;
  }

  function opLink(i) {
    const a = document.createElement('a');
    a.href = `#op=${i}`;
    a.textContent = String(i);
    return a;
  }

  function render() {
    const h = state.h;
    const ms = state.matches;
    const pages = Math.max(1, Math.ceil(ms.length / state.pageSize));
    state.page = Math.min(Math.max(0, state.page), pages - 1);
    const start = state.page * state.pageSize;
    const rows = [];
    for (let k = start; k < Math.min(ms.length, start + state.pageSize); k++) {
      const i = ms[k];
      const tr = document.createElement('tr');
      const type = TYPE_NAME[h.types[i]];
      tr.className = `t-${type}${h.witness.has(i) ? ' witness' : ''}${i === state.hl ? ' hl' : ''}`;
      tr.id = `hb-row-${i}`;
      cell(tr, '', 'num').append(opLink(i));
      cell(tr, procName(h.proc[i]));
      cell(tr, type);
      cell(tr, h.fDict[h.f[i]]);
      const v = h.lines[1 + i];
      const extra = h.lines[1 + h.n + i];
      const vc = cell(tr, v.length > 400 ? `${v.slice(0, 400)}…` : v, 'val');
      if (v.length > 400) vc.title = v;
      if (extra) {
        const span = document.createElement('span');
        span.className = 'muted';
        span.textContent = ` ${extra}`;
        vc.append(span);
      }
      cell(tr, h.node[i] < 0 ? '' : h.nodeDict[h.node[i]]);
      cell(tr, `${(h.timeUs[i] / 1e6).toFixed(6)} s`, 'num');
      const pc = cell(tr, '', 'num');
      if (h.pair[i] >= 0) {
        pc.append(opLink(h.pair[i]));
        const us = Math.abs(h.timeUs[h.pair[i]] - h.timeUs[i]);
        pc.append(` ${us >= 1000 ? `${(us / 1000).toFixed(2)} ms` : `${us} µs`}`);
      }
      rows.push(tr);
    }
    $('hb-body').replaceChildren(...rows);
    status(
      `${ms.length.toLocaleString('en-US')} of ${h.n.toLocaleString('en-US')} ops match · page ${state.page + 1} of ${pages}`,
    );
    $('hb-page').value = String(state.page + 1);
    $('hb-pages').textContent = String(pages);
  }

  function resetFilters() {
    for (const id of ['hb-proc', 'hb-key', 'hb-from', 'hb-to', 'hb-text']) $(id).value = '';
    $('hb-f').value = '';
    $('hb-witness').checked = false;
    for (const c of document.querySelectorAll('#history input[name=hb-type]')) c.checked = true;
  }

  async function goToOp(i) {
    const h = await ensureLoaded();
    if (!(i >= 0 && i < h.n)) return status(`There is no op ${i}; the history has ${h.n}.`);
    let pos = H.lowerBound(state.matches, i);
    if (state.matches[pos] !== i) {
      resetFilters();
      applyFilters();
      pos = i;
    }
    state.hl = i;
    state.page = Math.floor(pos / state.pageSize);
    render();
    $(`hb-row-${i}`)?.scrollIntoView({ block: 'center' });
  }

  function onHash() {
    const m = /^#op=(\d+)$/.exec(location.hash);
    if (m) goToOp(Number(m[1])).catch(() => {});
  }

  /** A click on a plot shows the ops around that moment (±1% of the run, at least 50 ms). */
  function onPlotClick(ev) {
    const svg = ev.currentTarget;
    const box = svg.getBoundingClientRect();
    const d = svg.dataset;
    const x = ((ev.clientX - box.left) / box.width) * Number(d.width);
    const left = Number(d.left);
    const right = Number(d.right);
    if (x < left || x > right || ev.target.closest('a')) return;
    const t0 = Number(d.t0);
    const t1 = Number(d.t1);
    const t = t0 + ((x - left) / (right - left)) * (t1 - t0);
    const w = Math.max((t1 - t0) / 100, 0.05);
    resetFilters();
    $('hb-from').value = (t - w).toFixed(3);
    $('hb-to').value = (t + w).toFixed(3);
    ensureLoaded().then(() => {
      applyFilters();
      $('history').scrollIntoView({ block: 'start' });
    });
  }

  function wire() {
    for (const svg of document.querySelectorAll('svg.timed'))
      svg.addEventListener('click', onPlotClick);
    // The hint under each plot is CSS keyed on this class: without a script there is nothing to click.
    document.body.classList.add('plots-clickable');
    let timer;
    const later = () => {
      clearTimeout(timer);
      timer = setTimeout(applyFilters, 200);
    };
    for (const id of ['hb-proc', 'hb-key', 'hb-from', 'hb-to', 'hb-text'])
      $(id).addEventListener('input', later);
    for (const el of document.querySelectorAll('#history select, #history input[type=checkbox]'))
      el.addEventListener('change', () => (el.id === 'hb-size' ? null : applyFilters()));
    $('hb-size').addEventListener('change', () => {
      state.pageSize = Number($('hb-size').value);
      render();
    });
    $('hb-reset').addEventListener('click', () => {
      resetFilters();
      applyFilters();
    });
    const go = (d) => () => {
      state.page = d(state.page);
      render();
    };
    $('hb-first').addEventListener(
      'click',
      go(() => 0),
    );
    $('hb-prev').addEventListener(
      'click',
      go((p) => p - 1),
    );
    $('hb-next').addEventListener(
      'click',
      go((p) => p + 1),
    );
    $('hb-last').addEventListener(
      'click',
      go(() => Infinity),
    );
    $('hb-page').addEventListener('change', () => {
      state.page = Number($('hb-page').value) - 1;
      render();
    });
    $('hb-goto').addEventListener('change', () => {
      const i = $('hb-goto').value.trim();
      if (/^\d+$/.test(i)) location.hash = `#op=${i}`;
    });
    window.addEventListener('hashchange', onHash);
  }

  function start() {
    if (!$('history')) return;
    wire();
    // After first paint: the report is readable while the history unpacks.
    setTimeout(() => {
      ensureLoaded().then(onHash, () => {});
    }, 0);
  }

  // Printing shows every folded anomaly; a closed <details> would print as one line.
  window.addEventListener('beforeprint', () => {
    for (const d of document.querySelectorAll('details.more')) d.open = true;
  });

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
