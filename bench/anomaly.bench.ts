// A generated 1,000,000-op kv history with one injected anomaly late in the
// run (a process reading its own key and getting the version before the one
// it had just written): every checker that should flag it does, with the two
// ops of the minimal witness, and the others stay quiet.
import { checkAll } from '../checkers/checker.ts';
import type { Op } from '../checkers/history.ts';
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

export default function benchAnomaly(): Record<string, unknown> {
  const ops = [...generateKv({ ops: OPS, seed: 11 })];
  const injected = inject(ops, Math.floor(OPS * 0.9));
  const checkers = CHECKERS.map(getChecker);
  const run = timeMs(() => checkAll(checkers, ops));
  const found = Object.fromEntries(
    Object.entries(run.value).map(([id, r]) => [
      id,
      { valid: r.valid, anomalies: r.anomalies.length, first: r.anomalies[0] ?? null },
    ]),
  );
  const ryw = run.value['read-your-writes']!.anomalies[0];
  return {
    historyOps: ops.length,
    injected,
    checkMs: round(run.ms),
    witnessExact: JSON.stringify(ryw?.ops) === JSON.stringify([injected.write, injected.read]),
    found,
  };
}
