// Workload "set" (Jepsen's set test): clients add unique elements 0, 1, 2...
// to one set and now and then read it whole; once the faults healed, a final
// read of the whole set from every node. The set checker then names every
// acknowledged add missing from a final read. Ops: {"f":"add","value":e},
// {"f":"read","value":null} answering {"value":[e...]} (or, when the store
// returned concurrent versions, {"value":{"siblings":[[e...],[e...]]}}).
import type { Op } from '../core/history.ts';
import type { NodeInfo } from '../core/cluster.ts';
import type { Generator } from '../core/generator/generator.ts';
import { list } from '../core/generator/combinators.ts';
import type { WorkloadSpec } from './workload.ts';

/** One read in this many ops; the rest are adds. */
const READ_EVERY = 8;

function setGen(next: number): Generator {
  return {
    op(ctx) {
      const free = ctx.free.filter((t) => t !== 'nemesis');
      if (free.length === 0) return 'pending';
      const thread = free.length === 1 ? free[0]! : ctx.rng.pick(free);
      const base = { process: ctx.processOf(thread), timeNs: ctx.timeNs };
      if (next > 0 && ctx.rng.int(READ_EVERY) === 0)
        return { op: { ...base, f: 'read', value: null }, gen: setGen(next) };
      return { op: { ...base, f: 'add', value: next }, gen: setGen(next + 1) };
    },
    update() {
      return this;
    },
  };
}

/** A final read of the whole set from every node, when anything was added. */
function finalSetReads(history: readonly Op[], nodes: readonly NodeInfo[]): Generator {
  if (!history.some((op) => op.f === 'add' && op.type === 'invoke')) return list([]);
  return list(nodes.map((n) => ({ f: 'final-read', value: null, node: n.id })));
}

export const setWorkload: WorkloadSpec = {
  name: 'set',
  checkers: ['set'],
  generator: () => setGen(0),
  finalGenerator: finalSetReads,
};
