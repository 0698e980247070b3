// Porcupine's test logs (formats in ../shared/oracle/README.md): Jepsen etcd
// register runs as logger lines, and the kv store logs as EDN-like maps. The
// etcd lines are read as Porcupine's own parser reads them: any whitespace
// between fields, lines of other shapes skipped, and an op whose completion
// it does not read (":info :write :timed-out", ":fail :write") of unknown
// outcome, so the verdicts are Porcupine's.
import { HistoryError, type Op, type OpType } from '../../core/history.ts';
import { EdnError, EdnMap, Keyword, readEdnForms } from './edn.ts';
import type { Imported } from './imported.ts';

const ETCD_LINE = /^INFO\s+jepsen\.util\s+-\s+(\d+)\s+:([a-z-]+)\s+:([a-z-]+)(?:\s+(.*?))?\s*$/;
const INT = /^-?\d+$/;
const PAIR = /^\[\s*(-?\d+)[\s,]+(-?\d+)\s*\]$/;

type Parsed = { readonly value: unknown } | null;

/** The value of an invocation Porcupine reads: read nil, write n, cas [from to]. */
function invokeValue(f: string, raw: string): Parsed {
  if (f === 'read') return raw === 'nil' ? { value: null } : null;
  if (f === 'write') return INT.test(raw) ? { value: Number(raw) } : null;
  const pair = f === 'cas' ? PAIR.exec(raw) : null;
  return pair === null ? null : { value: [Number(pair[1]), Number(pair[2])] };
}

/** A completion as Porcupine reads it: its type for us and its value; null when unread. */
function completion(type: string, f: string, raw: string): { type: OpType; value: unknown } | null {
  if (type === 'ok' && f === 'read') {
    if (raw === 'nil') return { type: 'ok', value: null };
    return INT.test(raw) ? { type: 'ok', value: Number(raw) } : null;
  }
  if (type === 'ok' && f === 'write')
    return INT.test(raw) ? { type: 'ok', value: Number(raw) } : null;
  if (f === 'cas' && (type === 'ok' || type === 'fail')) {
    const pair = PAIR.exec(raw);
    return pair === null ? null : { type, value: [Number(pair[1]), Number(pair[2])] };
  }
  // A read that failed or timed out had no effect: a fail read constrains nothing.
  if (f === 'read') return { type: 'fail', value: null };
  return null;
}

/** etcd register histories: `INFO  jepsen.util - <process> :<type> :<f> <value>`. */
export function importPorcupineEtcd(text: string): Imported {
  const ops: Op[] = [];
  const lines: number[] = [];
  const open = new Map<number, Op>();
  let skipped = 0;
  const split = text.split('\n');
  for (let i = 0; i < split.length; i++) {
    const raw = split[i]!;
    const m = ETCD_LINE.exec(raw.endsWith('\r') ? raw.slice(0, -1) : raw);
    if (m === null) {
      if (raw.trim() !== '') skipped++;
      continue;
    }
    const process = Number(m[1]);
    const type = m[2]!;
    const f = m[3]!;
    const value = m[4] ?? '';
    const inv = open.get(process);
    const index = ops.length;
    if (type === 'invoke') {
      const v = invokeValue(f, value);
      if (v === null || inv !== undefined) {
        skipped++;
        continue;
      }
      const op: Op = { index, type: 'invoke', process, f, value: v.value, time: index };
      open.set(process, op);
      ops.push(op);
      lines.push(i + 1);
      continue;
    }
    if (inv === undefined || inv.f !== f) {
      skipped++;
      continue;
    }
    open.delete(process);
    const c = completion(type, f, value);
    // Porcupine leaves such an op open: it may have taken effect, at any time after its invocation.
    ops.push(
      c === null
        ? {
            index,
            type: 'info',
            process,
            f,
            value: inv.value,
            time: index,
            error: `${type} ${value}`,
          }
        : { index, type: c.type, process, f, value: c.value, time: index },
    );
    lines.push(i + 1);
  }
  if (ops.length === 0) {
    throw new HistoryError(
      `no line has the shape "INFO  jepsen.util - <process> :<type> :<read|write|cas> <value>" of Porcupine's etcd logs; is --format right?`,
      0,
    );
  }
  const notes =
    skipped > 0
      ? [
          `${skipped} lines are not etcd register ops Porcupine reads; they are skipped, as Porcupine skips them`,
        ]
      : [];
  return { ops, lines, notes };
}

const KV_FS: Record<string, string> = { get: 'r', put: 'w', append: 'append' };

/** kv histories: `{:process 0, :type :invoke, :f :append, :key "0", :value "x 0 0 y"}`. */
export function importPorcupineKv(text: string): Imported {
  let forms;
  try {
    forms = readEdnForms(text);
  } catch (err) {
    if (err instanceof EdnError) throw new HistoryError(err.message, err.line, { cause: err });
    throw err;
  }
  const ops = forms.map(({ value: form, line }, index): Op => {
    const want = (what: string): never => {
      throw new HistoryError(`line ${line}: expected ${what}`, line);
    };
    if (!(form instanceof EdnMap))
      return want('a map {:process .. :type .. :f .. :key .. :value ..}');
    const m = form as EdnMap;
    const process = m.get('process');
    const type = m.get('type');
    const f = m.get('f');
    const key = m.get('key');
    const value = m.get('value');
    if (typeof process !== 'number' || !Number.isInteger(process)) want(':process as an integer');
    if (!(type instanceof Keyword) || !['invoke', 'ok', 'fail', 'info'].includes(type.name))
      want(':type as :invoke, :ok, :fail or :info');
    if (!(f instanceof Keyword) || KV_FS[f.name] === undefined) want(':f as :get, :put or :append');
    if (typeof key !== 'string') want(':key as a string');
    if (value !== null && typeof value !== 'string') want(':value as a string or nil');
    const fn = (f as Keyword).name;
    return {
      index,
      type: (type as Keyword).name as OpType,
      process: process as number,
      f: fn,
      value: [[KV_FS[fn]!, key as string, value]],
      time: index,
    };
  });
  return { ops, lines: forms.map((x) => x.line), notes: [] };
}
