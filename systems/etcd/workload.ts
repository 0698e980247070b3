// Workloads against etcd: "kv" (the session workload of kv-generator.ts)
// and "register" (one key read, written and compare-and-set, Jepsen's etcd
// test) for the linearizability checker.
import type { NodeInfo } from '../../core/cluster.ts';
import { realClock } from '../../core/clock.ts';
import { fn, list } from '../../core/generator/combinators.ts';
import { finalReads, kvGenerator } from '../../workloads/kv-generator.ts';
import { KV_CHECKERS } from '../../workloads/kv.ts';
import { etcdClients, gateway, type EtcdReadMode } from './client.ts';
import type { Workload, WorkloadOptions } from '../../workloads/workload.ts';

export interface EtcdWorkloadOptions extends WorkloadOptions {
  readonly readMode: EtcdReadMode;
}

export const ETCD_READ_POLICIES = ['any', 'sticky'] as const;
/** Register values are drawn from a small set so that cas often succeeds. */
const REGISTER_VALUES = 5;
const QUIESCE_POLL_MS = 100;
const STATUS_TIMEOUT_MS = 500;

/** Each member's applied revision (its local view); null for a silent member. */
async function revisions(nodes: readonly NodeInfo[]): Promise<(number | null)[]> {
  return Promise.all(
    nodes.map(async (n) => {
      const body = {
        key: Buffer.from('r').toString('base64'),
        serializable: true,
        count_only: true,
      };
      const out = await gateway(n, '/v3/kv/range', body, AbortSignal.timeout(STATUS_TIMEOUT_MS));
      if (out.kind !== 'ok') return null;
      return Number((out.body.header as { revision?: string } | undefined)?.revision ?? NaN);
    }),
  );
}

async function quiesce(nodes: readonly NodeInfo[], timeoutMs: number): Promise<boolean> {
  const clock = realClock();
  while (clock.nowNs() / 1e6 < timeoutMs) {
    const revs = await revisions(nodes);
    if (revs.every((r) => r !== null && r === revs[0])) return true;
    await clock.sleepMs(QUIESCE_POLL_MS);
  }
  return false;
}

export function etcdKvWorkload(opts: EtcdWorkloadOptions): Workload {
  return {
    name: 'kv',
    checkers: KV_CHECKERS,
    generator: () => kvGenerator(),
    finalGenerator: finalReads,
    clients: () =>
      etcdClients({ readFrom: opts.readFrom, readMode: opts.readMode, rng: opts.rng.fork() }, 'kv'),
    quiesce,
    sampleLag: async () => null,
  };
}

export function etcdRegisterWorkload(opts: EtcdWorkloadOptions): Workload {
  return {
    name: 'register',
    checkers: ['linearizable-register'],
    generator: () =>
      fn((ctx) => {
        const r = ctx.rng.next();
        if (r < 0.5) return { f: 'read' };
        if (r < 0.75) return { f: 'write', value: ctx.rng.int(REGISTER_VALUES) };
        return { f: 'cas', value: [ctx.rng.int(REGISTER_VALUES), ctx.rng.int(REGISTER_VALUES)] };
      }),
    // A read from every member once the faults healed: the register ops the checker knows.
    finalGenerator: (_history, nodes) => list(nodes.map((n) => ({ f: 'read', node: n.id }))),
    clients: () =>
      etcdClients(
        { readFrom: opts.readFrom, readMode: opts.readMode, rng: opts.rng.fork() },
        'register',
      ),
    quiesce,
    sampleLag: async () => null,
  };
}
