// The history as it travels inside report.html: columns (so the browser can
// filter a million ops with typed arrays), gzip (the browser's own
// DecompressionStream undoes it, no library), base64 (safe inside <script>).
//
// Decompressed layout, one record per line:
//   line 0            JSON of the columns below
//   lines 1..n        JSON of op i's value
//   lines n+1..2n     JSON of op i's other fields (error, version, ...) or empty
// JSON.stringify never emits a raw newline, so lines split cleanly.
import { gzipSync } from 'node:zlib';
import { microOps, type Op } from '../core/history.ts';
import { showValue } from './escape.ts';

export interface HistoryColumns {
  readonly n: number;
  /** One character per op: i(nvoke) o(k) f(ail) n (info). */
  readonly types: string;
  /** Client process numbers; -1 nemesis, -2 monitor. */
  readonly proc: number[];
  readonly fDict: string[];
  readonly f: number[];
  /**
   * Time deltas in µs from the previous op (the first from 0). The browser
   * shows µs; whole-µs deltas halve the compressed size against ns, and the
   * exact ns stay in history.jsonl.
   */
  readonly dtUs: number[];
  readonly nodeDict: string[];
  /** Index into nodeDict, -1 for none. */
  readonly node: number[];
  readonly keyDict: string[];
  /** Keys an op touches: -1 none, an index into keyDict, or several. */
  readonly keys: (number | number[])[];
}

const TYPE_CHAR = { invoke: 'i', ok: 'o', fail: 'f', info: 'n' } as const;
const CORE_FIELDS = new Set(['index', 'type', 'process', 'f', 'value', 'time', 'node']);

function interner(): { dict: string[]; id: (s: string) => number } {
  const dict: string[] = [];
  const ids = new Map<string, number>();
  return {
    dict,
    id: (s) => {
      let i = ids.get(s);
      if (i === undefined) {
        i = dict.length;
        dict.push(s);
        ids.set(s, i);
      }
      return i;
    },
  };
}

/** The keys an op's value names: micro-op keys, or a {key} object. */
export function keysOf(value: unknown): string[] {
  const micro = microOps(value);
  if (micro) return [...new Set(micro.map((m) => m[1]))];
  if (typeof value === 'object' && value !== null && 'key' in value) {
    const k = (value as { key: unknown }).key;
    if (typeof k === 'string' || typeof k === 'number') return [String(k)];
  }
  return [];
}

export function historyColumns(history: readonly Op[]): { cols: HistoryColumns; lines: string[] } {
  const fs = interner();
  const nodes = interner();
  const keys = interner();
  const n = history.length;
  const proc = new Array<number>(n);
  const f = new Array<number>(n);
  const dtUs = new Array<number>(n);
  const node = new Array<number>(n);
  const keyCol = new Array<number | number[]>(n);
  const values = new Array<string>(n);
  const extras = new Array<string>(n);
  let types = '';
  let prev = 0;
  for (let i = 0; i < n; i++) {
    const op = history[i]!;
    types += TYPE_CHAR[op.type] ?? 'n';
    proc[i] = typeof op.process === 'number' ? op.process : op.process === 'nemesis' ? -1 : -2;
    f[i] = fs.id(op.f);
    const us = Math.round(op.time / 1000);
    dtUs[i] = us - prev;
    prev = us;
    node[i] = op.node === undefined ? -1 : nodes.id(op.node);
    const ks = keysOf(op.value).map(keys.id);
    keyCol[i] = ks.length === 0 ? -1 : ks.length === 1 ? ks[0]! : ks;
    values[i] = showValue(op.value);
    let extra: Record<string, unknown> | undefined;
    for (const k in op) {
      if (CORE_FIELDS.has(k)) continue;
      (extra ??= {})[k] = (op as unknown as Record<string, unknown>)[k];
    }
    extras[i] = extra ? showValue(extra) : '';
  }
  const cols: HistoryColumns = {
    n,
    types,
    proc,
    fDict: fs.dict,
    f,
    dtUs,
    nodeDict: nodes.dict,
    node,
    keyDict: keys.dict,
    keys: keyCol,
  };
  return { cols, lines: [JSON.stringify(cols), ...values, ...extras] };
}

/** base64 of the gzipped column text; see the layout at the top of this file. */
export function encodeHistory(history: readonly Op[]): string {
  const { lines } = historyColumns(history);
  // Measured on a 1M-record history: level 5 is 2% bigger than zlib's default 6 and twice as fast.
  return gzipSync(Buffer.from(lines.join('\n'), 'utf8'), { level: 5 }).toString('base64');
}
