// Porcupine's hard kv class, generated: `clients` closed-loop clients on
// `keys` string keys (each starting as ""), appending unique "x C S y"
// strings, putting now and then, and getting whole values, with every op
// overlapping others. Each op takes effect at a random point inside its
// interval on one in-memory map, so the history is linearizable by
// construction. Written in Porcupine's kv text form, so a bench parses it too.
import { createRng } from '../core/rng.ts';

export interface PorcupineKvOptions {
  readonly clients?: number;
  readonly keys?: number;
  /** Total operations (invoke + completion pairs). */
  readonly ops?: number;
  readonly seed?: number;
}

interface Timed {
  readonly atNs: number;
  readonly kind: 'invoke' | 'effect' | 'return';
  readonly op: number;
}

interface GenOp {
  readonly process: number;
  readonly f: 'get' | 'put' | 'append';
  readonly key: string;
  value: string | null;
}

const edn = (process: number, type: string, o: GenOp, value: string | null): string =>
  `{:process ${process}, :type :${type}, :f :${o.f}, :key "${o.key}", :value ${
    value === null ? 'nil' : JSON.stringify(value)
  }}`;

/** The history's lines (one op event each), in time order. */
export function generatePorcupineKv(opts: PorcupineKvOptions = {}): string {
  const clients = opts.clients ?? 50;
  const keyCount = opts.keys ?? 10;
  const total = opts.ops ?? 1_700;
  const rng = createRng(opts.seed ?? 1);
  const ops: GenOp[] = [];
  const events: Timed[] = [];
  const perClient = Math.ceil(total / clients);
  for (let c = 0; c < clients; c++) {
    let t = rng.int(1_000_000);
    for (let s = 0; s < perClient && ops.length < total; s++) {
      const r = rng.next();
      const f = r < 0.45 ? 'get' : r < 0.95 ? 'append' : 'put';
      const key = String(rng.int(keyCount));
      const id = ops.length;
      ops.push({ process: c, f, key, value: f === 'get' ? null : `x ${c} ${s} y` });
      // Long ops next to short think times: about clients/keys ops overlap on a key.
      const effect = t + 1 + rng.int(1_000_000);
      const ret = effect + 1 + rng.int(1_000_000);
      events.push({ atNs: t, kind: 'invoke', op: id });
      events.push({ atNs: effect, kind: 'effect', op: id });
      events.push({ atNs: ret, kind: 'return', op: id });
      t = ret + 1 + rng.int(1_000_000);
    }
  }
  events.sort((a, b) => a.atNs - b.atNs || a.op - b.op);
  const store = new Map<string, string>();
  const lines: string[] = [];
  for (const e of events) {
    const o = ops[e.op]!;
    if (e.kind === 'invoke')
      lines.push(edn(o.process, 'invoke', o, o.f === 'get' ? null : o.value));
    else if (e.kind === 'return') lines.push(edn(o.process, 'ok', o, o.value));
    else if (o.f === 'get') o.value = store.get(o.key) ?? '';
    else store.set(o.key, o.f === 'put' ? o.value! : (store.get(o.key) ?? '') + o.value!);
  }
  return lines.join('\n') + '\n';
}
