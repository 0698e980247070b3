// Key-value models over Jepsen micro-op lists: kv (our kv workload, keys
// start unset; Porcupine's kv with keys starting as ""), partitioned by key,
// and Knossos's multi-register, whose multi-key ops are atomic transactions
// and so are partitioned only into groups of keys no op spans.
import {
  BadOpError,
  isReadMicro,
  isSiblings,
  isWriteMicro,
  microOps,
  type MicroOp,
  type Op,
} from '../../core/history.ts';
import {
  hashString,
  ILLEGAL,
  type Model,
  type ModelOptions,
  type Operation,
  type Unchecked,
} from './model.ts';

type KvState = ReadonlyMap<string, unknown>;
/** Micro-ops with read and write names normalised to r and w. */
type Micro = readonly [string, string, unknown];

function appended(current: unknown, element: unknown): unknown {
  if (typeof current === 'string' || (current === null && typeof element === 'string'))
    return `${(current as string | null) ?? ''}${String(element)}`;
  return [...(Array.isArray(current) ? current : []), element];
}

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

/** r and w for Knossos's read and write; the list itself when it already says r and w (no copy). */
function normalise(ms: readonly MicroOp[]): Micro[] {
  let plain = true;
  for (let i = 0; plain && i < ms.length; i++)
    plain = ms[i]![0] !== 'read' && ms[i]![0] !== 'write';
  if (plain) return ms as Micro[];
  return ms.map(([f, k, v]) => [isReadMicro(f) ? 'r' : isWriteMicro(f) ? 'w' : f, k, v]);
}

function notRead(op: Op, model: string, fs: ReadonlySet<string>, what: string): never {
  throw new BadOpError(
    op.index,
    `the ${model} model reads micro-op lists of ${[...fs].join(', ')}; ${what}`,
    'a read/write/cas register history is checked with linearizable-register, a mutex with linearizable-mutex',
  );
}

/** The op's micro-ops, or bad input naming what this model reads. */
function microsOf(op: Op, model: string, fs: ReadonlySet<string>): Micro[] {
  const ms = microOps(op.value);
  if (ms === null || ms.length === 0)
    notRead(op, model, fs, `got ${op.f} ${JSON.stringify(op.value)?.slice(0, 60)}`);
  for (let i = 0; i < ms!.length; i++)
    if (!fs.has(ms![i]![0])) notRead(op, model, fs, `got micro-op ${JSON.stringify(ms![i]![0])}`);
  return normalise(ms!);
}

/** An ok completion answers its invocation: the same micro-ops, in order, on the same keys. */
function outputOf(invoke: Op, done: Op, input: Micro[], model: string, fs: ReadonlySet<string>) {
  const output = microsOf(done, model, fs);
  const same =
    output.length === input.length &&
    output.every((m, i) => m[0] === input[i]![0] && m[1] === input[i]![1]);
  if (!same) {
    throw new BadOpError(
      done.index,
      `its micro-ops do not answer its invocation's (op ${invoke.index})`,
      'a completion carries the same micro-ops as its invocation, with the values read filled in',
    );
  }
  return output;
}

/** One partition per key: a multi-key op becomes one sub-op per key over the same interval. */
function partitionByKey<O extends Micro[]>(
  ops: readonly Operation<Micro[], O>[],
): Operation<Micro[], O>[][] {
  const groups = new Map<string, Operation<Micro[], O>[]>();
  for (const op of ops) {
    // Most ops touch one key: no set of keys to build for them.
    const keys =
      op.input.length === 1 ? [op.input[0]![1]] : [...new Set(op.input.map((m) => m[1]))];
    for (const key of keys) {
      let g = groups.get(key);
      if (g === undefined) groups.set(key, (g = []));
      if (keys.length === 1) {
        g.push(op);
        continue;
      }
      const at = op.input.flatMap((m, i) => (m[1] === key ? [i] : []));
      const input = at.map((i) => op.input[i]!);
      const output = op.output === undefined ? undefined : (at.map((i) => op.output![i]!) as O);
      g.push({ ...op, input, output });
    }
  }
  return [...groups.values()];
}

/** Groups of keys that no op spans, each with its ops (union-find over the keys ops share). */
function partitionByComponent<O>(ops: readonly Operation<Micro[], O>[]): Operation<Micro[], O>[][] {
  const parent = new Map<string, string>();
  const find = (k: string): string => {
    let r = k;
    while (parent.get(r) !== r) r = parent.get(r)!;
    parent.set(k, r);
    return r;
  };
  for (const op of ops) {
    for (const [, k] of op.input) if (!parent.has(k)) parent.set(k, k);
    const [first, ...rest] = op.input.map((m) => find(m[1]));
    for (const r of rest) parent.set(r, first!);
  }
  const groups = new Map<string, Operation<Micro[], O>[]>();
  for (const op of ops) {
    const root = find(op.input[0]![1]);
    let g = groups.get(root);
    if (g === undefined) groups.set(root, (g = []));
    g.push(op);
  }
  return [...groups.values()];
}

interface KvFlavour {
  readonly name: string;
  readonly fs: ReadonlySet<string>;
  readonly partition: (
    ops: readonly Operation<Micro[], Micro[]>[],
  ) => Operation<Micro[], Micro[]>[][];
}

function kvFlavoured(flavour: KvFlavour, opts: ModelOptions): Model<KvState, Micro[], Micro[]> {
  const initial = opts.initial ?? null;
  const jepsen = opts.semantics === 'jepsen';
  const { name, fs } = flavour;
  return {
    name,
    init: () => new Map(),
    step(state, input, output) {
      let next: Map<string, unknown> | null = null;
      for (let i = 0; i < input.length; i++) {
        const [f, k, v] = input[i]!;
        const cur = next !== null ? next.get(k) : state.get(k);
        const value = cur === undefined ? initial : cur;
        if (f === 'r') {
          if (output === undefined) continue;
          const got = output[i]![2];
          // Jepsen: a read of nil read a value nobody knows.
          if ((jepsen && got === null) || sameValue(got, value)) continue;
          return ILLEGAL;
        }
        next ??= new Map(state);
        next.set(k, f === 'append' ? appended(value, v) : v);
      }
      return next ?? state;
    },
    equal: (a, b) => a.size === b.size && [...a].every(([k, v]) => sameValue(b.get(k), v)),
    hash: (s) => hashString(JSON.stringify([...s].sort((x, y) => (x[0] < y[0] ? -1 : 1)))),
    partition: flavour.partition,
    fromOp(invoke, done): { input: Micro[]; output: Micro[] | undefined } | null | Unchecked {
      const input = microsOf(invoke, name, fs);
      const outcome = done?.type ?? 'info';
      if (outcome === 'ok') {
        const output = outputOf(invoke, done!, input, name, fs);
        let sib: Micro | undefined;
        for (let i = 0; sib === undefined && i < output.length; i++) {
          const m = output[i]!;
          if (m[0] === 'r' && typeof m[2] === 'object' && m[2] !== null && isSiblings(m[2]))
            sib = m;
        }
        if (sib !== undefined)
          return {
            unchecked: `op ${done!.index} read siblings of ${sib[1]}, which are not one value of a register`,
          };
        return { input, output };
      }
      if (outcome === 'fail' || input.every((m) => m[0] === 'r')) return null;
      return { input, output: undefined };
    },
    describeOperation(input, output) {
      const ms = output ?? input;
      const text = ms.map(([f, k, v]) => `${f} ${k} ${JSON.stringify(v)}`).join(', ');
      return output === undefined ? `${text} (unknown outcome)` : text;
    },
    describeState: (s) =>
      s.size === 0
        ? `every key holds its initial ${JSON.stringify(initial)}`
        : [...s].map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', '),
  };
}

const KV_FS: ReadonlySet<string> = new Set(['r', 'w', 'append', 'read', 'write']);
const REGISTER_FS: ReadonlySet<string> = new Set(['r', 'w', 'read', 'write']);

/**
 * A map of keys to values, each starting at `initial`: r reads, w sets,
 * append appends. Checked key by key (P-compositionality): whether a
 * multi-key read was an atomic snapshot is a transactional question this
 * model does not ask.
 */
export function kvModel(
  initial: unknown = null,
  opts: Omit<ModelOptions, 'initial'> = {},
): Model<KvState, Micro[], Micro[]> {
  const name = initial === null ? 'kv' : `kv (keys start as ${JSON.stringify(initial)})`;
  return kvFlavoured({ name, fs: KV_FS, partition: partitionByKey }, { ...opts, initial });
}

/**
 * Knossos's multi-register: each op is a transaction of reads and writes
 * (micro-ops read/write or r/w) applied atomically, every key starting at
 * `initial`. Keys some op spans together are checked together.
 */
export function multiRegisterModel(opts: ModelOptions = {}): Model<KvState, Micro[], Micro[]> {
  return kvFlavoured(
    { name: 'multi-register', fs: REGISTER_FS, partition: partitionByComponent },
    opts,
  );
}
