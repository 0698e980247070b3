// A generated 1,000,000-op kv history with one injected anomaly late in the
// run (a process reading its own key and getting the version before the one
// it had just written): every checker that should flag it does, with the two
// ops of the minimal witness, and the others stay quiet.
import { checkAll } from '../checkers/checker.ts';
import type { Op } from '../core/history.ts';
import { getChecker } from '../checkers/registry.ts';
import { generateKv } from './gen-kv.ts';
import { round, timeMs } from './measure.ts';

const OPS = 1_000_000;
const CHECKERS = [
  'read-your-writes',
  'monotonic-reads',
  'consistent-prefix',
  'causal',
  'lost-writes',
  'convergence',
];

/** Makes the first own-key read after `from` that follows an ok write of version ≥ 2 return one less. */
function inject(ops: Op[], from: number): { write: number; read: number } {
  const lastOk = new Map<number, { index: number; version: number }>();
  const open = new Map<number, Op>();
  for (const op of ops) {
    if (typeof op.process !== 'number') continue;
    if (op.type === 'invoke') {
      open.set(op.process, op);
      continue;
    }
    const inv = open.get(op.process)!;
    const m = (inv.value as [string, string, number][])[0]!;
    if (op.type === 'ok' && op.f === 'write')
      lastOk.set(op.process, { index: op.index, version: m[2] });
    const own = lastOk.get(op.process);
    const mine = (op.value as [string, string, number | null][]).findIndex(
      (x) => x[1] === `k${op.process}`,
    );
    if (
      op.index < from ||
      op.f !== 'read' ||
      op.type !== 'ok' ||
      !own ||
      own.version < 2 ||
      mine < 0
    )
      continue;
    const value = (op.value as unknown[][]).map((x, i) =>
      i === mine ? [x[0], x[1], own.version - 1] : x,
    );
    ops[op.index] = { ...op, value };
    return { write: own.index, read: op.index };
  }
  throw new Error('no read to inject into');
}

/**
 * Appends a read by a fresh process that sees process p's write of k_p=y but
 * an older k_b than p had read just before writing y: a consistent-prefix
 * violation whose witness is p's read, p's write and the new read.
 */
function injectPrefix(ops: Op[]): { read: number; write: number; stale: number } {
  const open = new Map<number, Op>();
  let lastRead = new Map<number, { index: number; key: string; value: number }>();
  let found: {
    read: number;
    write: number;
    key: string;
    value: number;
    own: string;
    y: number;
  } | null = null;
  for (const op of ops) {
    if (typeof op.process !== 'number' || op.type === 'invoke') {
      if (op.type === 'invoke' && typeof op.process === 'number') open.set(op.process, op);
      continue;
    }
    const micro = op.value as [string, string, number | null][];
    const other = micro.find((m) => m[0] === 'r' && m[1] !== `k${op.process}` && (m[2] ?? 0) >= 2);
    if (op.f === 'read' && op.type === 'ok' && other) {
      lastRead.set(op.process, { index: op.index, key: other[1], value: other[2]! });
    }
    const r = lastRead.get(op.process);
    if (op.f === 'write' && op.type === 'ok' && r) {
      found = {
        read: r.index,
        write: op.index,
        key: r.key,
        value: r.value,
        own: micro[0]![1],
        y: micro[0]![2]!,
      };
      lastRead = new Map([...lastRead].filter(([p]) => p !== op.process));
    }
  }
  if (found === null) throw new Error('no read-then-write to build on');
  const process = 1_000_000;
  const time = ops.at(-1)!.time;
  const read = (v: number | null) => [
    ['r', found!.own, found!.y],
    ['r', found!.key, v],
  ];
  ops.push({
    index: ops.length,
    type: 'invoke',
    process,
    f: 'read',
    value: read(null),
    time: time + 1,
  });
  ops.push({
    index: ops.length,
    type: 'ok',
    process,
    f: 'read',
    value: read(found.value - 1),
    time: time + 2,
  });
  return { read: found.read, write: found.write, stale: ops.length - 1 };
}

function minimalPrefixWitness(
  ops: readonly Op[],
  w: readonly number[],
  injected: { read: number; write: number; stale: number },
): boolean {
  if (w.length !== 3 || w[2] !== injected.stale) return false;
  const [r, wr] = [ops[w[0]!]!, ops[w[1]!]!];
  const p = ops[injected.write]!.process;
  const key = (ops[injected.stale]!.value as unknown[][])[1]![1];
  const readsKey = (r.value as unknown[][]).some((m) => m[0] === 'r' && m[1] === key);
  return (
    r.process === p &&
    wr.process === p &&
    r.f === 'read' &&
    readsKey &&
    wr.f === 'write' &&
    w[0]! < w[1]!
  );
}

function verdicts(ops: Op[]) {
  const checkers = CHECKERS.map((id) => getChecker(id));
  const run = timeMs(() => checkAll(checkers, ops));
  const found = Object.fromEntries(
    Object.entries(run.value).map(([id, r]) => [
      id,
      { valid: r.valid, anomalies: r.anomalies.length, first: r.anomalies[0] ?? null },
    ]),
  );
  return { run, found };
}

export default function benchAnomaly(): Record<string, unknown> {
  const prefixOps = [...generateKv({ ops: OPS, seed: 13 })];
  const prefix = injectPrefix(prefixOps);
  const p = verdicts(prefixOps);
  const cp = p.run.value['consistent-prefix']!.anomalies[0];
  const consistentPrefix = {
    injected: prefix,
    checkMs: round(p.run.ms),
    witness: cp?.ops ?? null,
    // Minimal: p's read of the predecessor, p's later write, and the stale read; p may have
    // done the same read-then-write earlier than the pair the injection built on.
    witnessMinimal: minimalPrefixWitness(prefixOps, cp?.ops ?? [], prefix),
    explanation: cp?.explanation ?? null,
    found: p.found,
  };
  const ops = [...generateKv({ ops: OPS, seed: 11 })];
  const injected = inject(ops, Math.floor(OPS * 0.9));
  const { run, found } = verdicts(ops);
  const ryw = run.value['read-your-writes']!.anomalies[0];
  const readYourWrites = {
    injected,
    checkMs: round(run.ms),
    witnessExact: JSON.stringify(ryw?.ops) === JSON.stringify([injected.write, injected.read]),
    found,
  };
  return { historyOps: ops.length, readYourWrites, consistentPrefix };
}
