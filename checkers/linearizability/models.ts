// Built-in models: a register (read/write/cas, Jepsen's and Porcupine's etcd
// tests) and a key-value map of micro-op lists (our kv workload; Porcupine's
// kv tests with initial ""), partitioned by key.
import { microOps, type MicroOp, type Op } from '../../core/history.ts';
import { hashString, ILLEGAL, type Model, type Operation } from './model.ts';

export type RegisterValue = number | string | null;
export type RegisterInput =
  | { f: 'read' }
  | { f: 'write'; value: RegisterValue }
  | { f: 'cas'; from: RegisterValue; to: RegisterValue };
/** A read's value, or whether a write/cas took effect. */
export type RegisterOutput = RegisterValue | boolean;

function registerInput(op: Op): RegisterInput | null {
  if (op.f === 'read') return { f: 'read' };
  if (op.f === 'write') return { f: 'write', value: op.value as RegisterValue };
  if (op.f === 'cas' && Array.isArray(op.value) && op.value.length === 2) {
    return { f: 'cas', from: op.value[0] as RegisterValue, to: op.value[1] as RegisterValue };
  }
  throw new Error(
    `op ${op.index}: a register op must be read, write or cas [from to], got ${op.f} ${JSON.stringify(op.value)}`,
  );
}

export const registerModel: Model<RegisterValue, RegisterInput, RegisterOutput> = {
  name: 'register',
  init: () => null,
  step(state, input, output) {
    if (input.f === 'read') return output === undefined || output === state ? state : ILLEGAL;
    if (input.f === 'write') return input.value;
    const matches = state === input.from;
    if (output !== undefined && output !== matches) return ILLEGAL;
    return matches ? input.to : state;
  },
  equal: (a, b) => a === b,
  hash: (s) => (typeof s === 'number' ? s | 0 : hashString(String(s))),
  fromOp(invoke, done) {
    const input = registerInput(invoke);
    if (input === null) return null;
    const outcome = done?.type ?? 'info';
    if (input.f === 'read') {
      return outcome === 'ok' ? { input, output: (done!.value ?? null) as RegisterValue } : null;
    }
    if (outcome === 'ok') return { input, output: true };
    // A cas that failed compared and missed: Jepsen's clients report that as :fail.
    if (outcome === 'fail') return input.f === 'cas' ? { input, output: false } : null;
    return { input, output: undefined };
  },
  describeOperation(input, output) {
    const out = output === undefined ? 'unknown outcome' : JSON.stringify(output);
    if (input.f === 'read') return `read → ${out}`;
    if (input.f === 'write')
      return `write ${JSON.stringify(input.value)} (${out === 'true' ? 'ok' : out})`;
    return `cas ${JSON.stringify(input.from)}→${JSON.stringify(input.to)} (${out === 'true' ? 'swapped' : out === 'false' ? 'missed' : out})`;
  },
  describeState: (s) => `the register holds ${JSON.stringify(s)}`,
};

type KvState = ReadonlyMap<string, unknown>;

function appended(current: unknown, element: unknown): unknown {
  if (typeof current === 'string' || (current === null && typeof element === 'string'))
    return `${(current as string | null) ?? ''}${String(element)}`;
  return [...(Array.isArray(current) ? current : []), element];
}

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

/**
 * One partition per key (P-compositionality): a multi-key op becomes one
 * sub-op per key over the same interval. Each key is then checked as a
 * linearizable object; whether a multi-key read was an atomic snapshot is a
 * transactional question this model does not ask.
 */
function partitionByKey<O extends MicroOp[]>(
  ops: readonly Operation<MicroOp[], O>[],
): Operation<MicroOp[], O>[][] {
  const groups = new Map<string, Operation<MicroOp[], O>[]>();
  const add = (key: string, op: Operation<MicroOp[], O>): void => {
    let g = groups.get(key);
    if (g === undefined) groups.set(key, (g = []));
    g.push(op);
  };
  for (const op of ops) {
    const keys = [...new Set(op.input.map((m) => m[1]))];
    if (keys.length === 1) {
      add(keys[0]!, op);
      continue;
    }
    for (const key of keys) {
      const at = op.input.flatMap((m, i) => (m[1] === key ? [i] : []));
      const input = at.map((i) => op.input[i]!);
      const output = op.output === undefined ? undefined : (at.map((i) => op.output![i]!) as O);
      add(key, { ...op, input, output });
    }
  }
  return [...groups.values()];
}

/** A map of keys to values, each starting at `initial`: r reads, w sets, append appends. */
export function kvModel(initial: unknown = null): Model<KvState, MicroOp[], MicroOp[]> {
  return {
    name: initial === null ? 'kv' : `kv (keys start as ${JSON.stringify(initial)})`,
    init: () => new Map(),
    step(state, input, output) {
      let next: Map<string, unknown> | null = null;
      for (let i = 0; i < input.length; i++) {
        const [f, k, v] = input[i]!;
        const cur = next !== null ? next.get(k) : state.get(k);
        const value = cur === undefined ? initial : cur;
        if (f === 'r') {
          if (output !== undefined && !sameValue(output[i]?.[2], value)) return ILLEGAL;
          continue;
        }
        next ??= new Map(state);
        next.set(k, f === 'append' ? appended(value, v) : v);
      }
      return next ?? state;
    },
    equal: (a, b) => a.size === b.size && [...a].every(([k, v]) => sameValue(b.get(k), v)),
    hash: (s) => hashString(JSON.stringify([...s].sort((x, y) => (x[0] < y[0] ? -1 : 1)))),
    partition: partitionByKey,
    fromOp(invoke, done) {
      const input = microOps(invoke.value);
      if (input === null || input.length === 0) return null;
      const outcome = done?.type ?? 'info';
      const effectless = input.every((m) => m[0] === 'r');
      if (outcome === 'ok') return { input, output: microOps(done!.value) ?? input };
      if (outcome === 'fail' || effectless) return null;
      return { input, output: undefined };
    },
    describeOperation(input, output) {
      const ms = output ?? input;
      const text = ms.map(([f, k, v]) => `${f} ${k} ${JSON.stringify(v)}`).join(', ');
      return output === undefined ? `${text} (unknown outcome)` : text;
    },
    describeState: (s) =>
      s.size === 0
        ? 'every key is unset'
        : [...s].map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', '),
  };
}
