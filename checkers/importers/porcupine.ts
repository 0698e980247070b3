// Porcupine's test logs (formats in ../shared/oracle/README.md): Jepsen etcd
// register runs as logger lines, and the kv store logs as EDN-like maps.
import { HistoryError, type Op, type OpType } from '../../core/history.ts';
import { EdnError, EdnMap, Keyword, readEdnForms } from './edn.ts';

const ETCD_LINE = /^INFO\s+jepsen\.util - (\d+)\t:(invoke|ok|fail|info)\t:(read|write|cas)\t(.*)$/;

function etcdValue(f: string, raw: string, line: number): unknown {
  const t = raw.trim();
  if (t === 'nil') return null;
  if (t === ':timed-out') return undefined;
  if (/^-?\d+$/.test(t)) return Number(t);
  const pair = /^\[(-?\d+) (-?\d+)\]$/.exec(t);
  if (f === 'cas' && pair !== null) return [Number(pair[1]), Number(pair[2])];
  throw new HistoryError(
    `line ${line}: expected a value (nil, an integer, [from to] or :timed-out) for :${f}, got ${JSON.stringify(t)}`,
    line,
  );
}

/** etcd register histories: `INFO  jepsen.util - <process>\t:<type>\t:<f>\t<value>`. */
export function importPorcupineEtcd(text: string): Op[] {
  const ops: Op[] = [];
  const invokes = new Map<number, Op>();
  text.split('\n').forEach((raw, i) => {
    const line = i + 1;
    const t = raw.replace(/\r$/, '');
    if (t.trim() === '') return;
    const m = ETCD_LINE.exec(t);
    if (m === null) {
      // Jepsen logs nemesis activity through the same logger; those lines carry no client op.
      if (/^INFO\s+jepsen\.util - :nemesis\t/.test(t)) return;
      throw new HistoryError(
        `line ${line}: expected "INFO  jepsen.util - <process>\\t:<invoke|ok|fail|info>\\t:<read|write|cas>\\t<value>", got ${JSON.stringify(t.slice(0, 80))}`,
        line,
      );
    }
    const process = Number(m[1]);
    const type = m[2] as OpType;
    const f = m[3]!;
    let value = etcdValue(f, m[4]!, line);
    const op: Record<string, unknown> = { index: ops.length, type, process, f, time: ops.length };
    if (value === undefined) {
      // A timeout names no value; the op keeps its invocation's and is of unknown outcome.
      value = invokes.get(process)?.value ?? null;
      op.type = 'info';
      op.error = 'timed-out';
    }
    op.value = value;
    if (type === 'invoke') invokes.set(process, op as unknown as Op);
    ops.push(op as unknown as Op);
  });
  return ops;
}

const KV_FS: Record<string, string> = { get: 'r', put: 'w', append: 'append' };

/** kv histories: `{:process 0, :type :invoke, :f :append, :key "0", :value "x 0 0 y"}`. */
export function importPorcupineKv(text: string): Op[] {
  let forms;
  try {
    forms = readEdnForms(text);
  } catch (err) {
    if (err instanceof EdnError) throw new HistoryError(err.message, err.line, { cause: err });
    throw err;
  }
  return forms.map(({ value: form, line }, index) => {
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
}
