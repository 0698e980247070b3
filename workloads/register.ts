// Workload "register": one register read, written and compare-and-set
// (Jepsen's etcd test), for the linearizability checker. Ops: {"f":"read"},
// {"f":"write","value":v}, {"f":"cas","value":[from,to]}.
import { fn, list } from '../core/generator/combinators.ts';
import type { WorkloadSpec } from './workload.ts';

/** Register values are drawn from a small set so that cas often succeeds. */
const REGISTER_VALUES = 5;

export const registerWorkload: WorkloadSpec = {
  name: 'register',
  checkers: ['linearizable-register'],
  generator: () =>
    fn((ctx) => {
      const r = ctx.rng.next();
      if (r < 0.5) return { f: 'read' };
      if (r < 0.75) return { f: 'write', value: ctx.rng.int(REGISTER_VALUES) };
      return { f: 'cas', value: [ctx.rng.int(REGISTER_VALUES), ctx.rng.int(REGISTER_VALUES)] };
    }),
  // A read from every node once the faults healed: the register ops the checker knows.
  finalGenerator: (_history, nodes) => list(nodes.map((n) => ({ f: 'read', node: n.id }))),
};
