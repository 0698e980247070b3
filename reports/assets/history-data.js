// The data half of the report's history browser: unpack the embedded columns
// (reports/embed.ts) and filter them. No DOM here, so tests run it in Node.
// Inlined before browser.js as a classic script; it publishes one global.
/* global window, atob, Blob, Response, DecompressionStream, performance */
(() => {
  'use strict';
  // Where unpacking time goes, for bench/report.bench.ts.
  const timings = {};
  const mark = (name, t0) => (timings[name] = Math.round(performance.now() - t0));

  /** base64 → bytes → gunzip (the browser's own DecompressionStream) → text. */
  async function gunzipBase64(b64) {
    let t = performance.now();
    const bin = atob(b64.trim());
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    mark('base64', t);
    if (typeof DecompressionStream !== 'function')
      throw new Error(
        'this browser cannot unpack the embedded history (it needs DecompressionStream); history.jsonl in the run directory has every op',
      );
    t = performance.now();
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
    const text = await new Response(stream).text();
    mark('gunzip', t);
    return text;
  }

  /** Columns plus what the browser needs: absolute times, op partners, witness marks. */
  function index(text, witnessList) {
    let t = performance.now();
    const lines = text.split('\n');
    mark('split', t);
    t = performance.now();
    const cols = JSON.parse(lines[0]);
    mark('parse', t);
    t = performance.now();
    const n = cols.n;
    const timeUs = new Float64Array(n);
    let acc = 0;
    for (let i = 0; i < n; i++) timeUs[i] = acc += cols.dtUs[i];
    // An op's partner: the completion of an invoke or the invoke of a completion, same process.
    const pair = new Int32Array(n).fill(-1);
    const open = new Map();
    for (let i = 0; i < n; i++) {
      const p = cols.proc[i];
      if (p === -2) continue;
      if (cols.types[i] === 'i') open.set(p, i);
      else if (open.has(p)) {
        const j = open.get(p);
        open.delete(p);
        pair[i] = j;
        pair[j] = i;
      }
    }
    mark('index', t);
    return { ...cols, timeUs, pair, lines, witness: new Set(witnessList) };
  }

  /** "3, 7 nemesis" → a predicate on process numbers (-1 nemesis, -2 monitor); "clients" is every client. */
  function parseProcs(text) {
    const tokens = text.split(/[\s,]+/).filter(Boolean);
    if (tokens.length === 0) return null;
    const set = new Set();
    let clients = false;
    for (const t of tokens) {
      if (t === 'nemesis') set.add(-1);
      else if (t === 'monitor') set.add(-2);
      else if (t === 'clients') clients = true;
      else if (/^\d+$/.test(t)) set.add(Number(t));
    }
    return (p) => set.has(p) || (clients && p >= 0);
  }

  /**
   * Indices of the ops matching every given criterion, ascending:
   * { procs: "3,nemesis", key, f, types: Set of i/o/f/n, fromS, toS, text, onlyWitness }.
   */
  function filterOps(h, c) {
    const procOk = parseProcs(c.procs || '');
    const keyIdx = c.key ? h.keyDict.indexOf(c.key) : -2;
    const fIdx = c.f ? h.fDict.indexOf(c.f) : -2;
    // A key or f the history never has matches nothing (and -1 must not match "no key").
    if (keyIdx === -1 || fIdx === -1) return new Int32Array(0);
    const types = c.types || new Set(['i', 'o', 'f', 'n']);
    const fromUs = Number.isFinite(c.fromS) ? c.fromS * 1e6 : -Infinity;
    const toUs = Number.isFinite(c.toS) ? c.toS * 1e6 : Infinity;
    const out = new Int32Array(h.n);
    let m = 0;
    for (let i = 0; i < h.n; i++) {
      if (!types.has(h.types[i])) continue;
      if (procOk && !procOk(h.proc[i])) continue;
      if (fIdx !== -2 && h.f[i] !== fIdx) continue;
      const t = h.timeUs[i];
      if (t < fromUs || t > toUs) continue;
      if (keyIdx !== -2) {
        const k = h.keys[i];
        if (!(k === keyIdx || (Array.isArray(k) && k.includes(keyIdx)))) continue;
      }
      if (c.onlyWitness && !h.witness.has(i)) continue;
      if (c.text && !h.lines[1 + i].includes(c.text)) continue;
      out[m++] = i;
    }
    return out.subarray(0, m);
  }

  function lowerBound(arr, x) {
    let lo = 0;
    let hi = arr.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (arr[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  const root = typeof window !== 'undefined' ? window : globalThis;
  root.SplitbrainHistory = { gunzipBase64, index, parseProcs, filterOps, lowerBound, timings };
})();
