// Workload "kv-readers": the kv workload's writers (kv-generator.ts) on the
// even client threads, and readers on the odd ones that never write and read
// the writers' newest keys. A writer whose write times out moves on (a fresh process
// finds the new leader); a reader stays with the node that last answered it.
// So when a leader is deposed without knowing it, readers keep asking it
// while writers commit on its successor: what linearizable-kv judges across
// sessions (a read that misses a write acknowledged before it began).
import { finalReads, kvGenerator, DEFAULT_MIX } from './kv-generator.ts';
import type { WorkloadSpec } from './workload.ts';

export const kvReadersWorkload: WorkloadSpec = {
  name: 'kv-readers',
  // monotonic-reads too: a reader that moves from a deposed leader to its
  // successor and back sees time run backwards, which linearizable-kv alone
  // would report only as a lack of linearizability.
  checkers: ['linearizable-kv', 'monotonic-reads'],
  generator: () => kvGenerator(DEFAULT_MIX, (thread) => thread % 2 === 1),
  finalGenerator: finalReads,
};
