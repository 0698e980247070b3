// Workload "kv": single-writer keys with increasing values, reads of one's
// own and others' keys, multi-key reads (kv-generator.ts); judged by the
// session checkers. Written once: every system's kv client speaks these ops.
import type { WorkloadSpec } from './workload.ts';
import { finalReads, kvGenerator } from './kv-generator.ts';

export const kvWorkload: WorkloadSpec = {
  name: 'kv',
  checkers: ['read-your-writes', 'monotonic-reads', 'consistent-prefix'],
  generator: () => kvGenerator(),
  finalGenerator: finalReads,
};
