// Workload "kv": single-writer keys with increasing values, reads of one's
// own and others' keys, multi-key reads; judged by the session checkers.
import type { Clock } from '../harness/clock.ts';
import type { NodeInfo } from '../harness/cluster.ts';
import type { Workload, WorkloadOptions, LagSample } from './workload.ts';
import { finalReads, kvGenerator } from './kv-generator.ts';
import { storeClients } from './store-client.ts';
import { httpStoreApi, type StoreApi } from './store-http.ts';
import { statementApi } from './statement-values.ts';

const STATUS_TIMEOUT_MS = 500;
const QUIESCE_POLL_MS = 100;

export const KV_CHECKERS = ['read-your-writes', 'monotonic-reads', 'consistent-prefix'] as const;

export interface KvOptions extends WorkloadOptions {
  /** How clients reach nodes [default: HTTP]. */
  readonly api?: StoreApi;
  /** For quiesce polling and the leader-window policy; the simulation passes its virtual clock. */
  readonly clock: Clock;
  /** --read-from leader-window: how long after a write a session reads from the leader. */
  readonly leaderWindowMs?: number;
  /**
   * Write each version as {"v": n, "at": now(), "r": rand()} (statement-values.ts),
   * so a statement-based log can make replicas diverge [default: plain integers].
   */
  readonly statementValues?: boolean;
}

async function allCaughtUp(api: StoreApi, nodes: readonly NodeInfo[]): Promise<boolean> {
  const statuses = await Promise.all(nodes.map((n) => api.status(n, STATUS_TIMEOUT_MS)));
  if (statuses.some((s) => s === null)) return false;
  const top = Math.max(...statuses.map((s) => s!.lsn));
  return statuses.every((s) => s!.appliedLsn >= top);
}

export function kvWorkload(opts: KvOptions): Workload {
  const api = opts.api ?? httpStoreApi;
  const { clock } = opts;
  return {
    name: 'kv',
    checkers: KV_CHECKERS,
    generator: () => kvGenerator(),
    finalGenerator: finalReads,
    clients: () =>
      storeClients({
        readFrom: opts.readFrom,
        rng: opts.rng.fork(),
        // Only the clients' traffic carries statement values; quiesce and lag read status.
        api: opts.statementValues === true ? statementApi(api) : api,
        clock,
        ...(opts.leaderWindowMs !== undefined ? { leaderWindowMs: opts.leaderWindowMs } : {}),
      }),
    async quiesce(nodes, timeoutMs) {
      const deadlineNs = clock.nowNs() + timeoutMs * 1e6;
      while (clock.nowNs() < deadlineNs) {
        if (await allCaughtUp(api, nodes)) return true;
        await clock.sleepMs(QUIESCE_POLL_MS);
      }
      return false;
    },
    async sampleLag(nodes) {
      const statuses = await Promise.all(nodes.map((n) => api.status(n, STATUS_TIMEOUT_MS)));
      const out: Record<string, LagSample> = {};
      for (const s of statuses) {
        if (s === null || s.role !== 'leader') continue;
        for (const [id, f] of Object.entries(s.followers)) {
          out[id] = { lagOps: f.lagOps, lagMs: f.lagMs };
        }
      }
      return Object.keys(out).length === 0 ? null : out;
    },
  };
}
