// Workload "kv": single-writer keys with increasing values, reads of one's
// own and others' keys, multi-key reads; judged by the session checkers.
import type { Clock } from '../core/clock.ts';
import type { NodeInfo } from '../core/cluster.ts';
import type { Workload, WorkloadOptions, LagSample } from './workload.ts';
import { finalReads, kvGenerator } from './kv-generator.ts';
import { storeClients } from '../systems/store/client.ts';
import { httpStoreApi, type StoreApi } from '../systems/store/http.ts';
import { statusShards, type StatusReply } from '../store/replication/single-leader/protocol.ts';
import { statementApi } from '../systems/store/statement-values.ts';

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

/** Every node has applied, in every shard, all that any node holds of that shard. */
export function caughtUp(statuses: readonly (StatusReply | null)[]): boolean {
  if (statuses.some((s) => s === null)) return false;
  const all = statuses.map((s) => statusShards(s!));
  const shards = Math.max(...all.map((x) => x.length));
  for (let i = 0; i < shards; i++) {
    const top = Math.max(...all.map((x) => x[i]?.lsn ?? 0));
    if (!all.every((x) => (x[i]?.appliedLsn ?? -1) >= top)) return false;
  }
  return true;
}

/** Per follower, its worst lag over the shards it follows, as their leaders see it. */
export function followerLag(
  statuses: readonly (StatusReply | null)[],
): Record<string, LagSample> | null {
  const out: Record<string, LagSample> = {};
  for (const s of statuses) {
    if (s === null) continue;
    for (const sh of statusShards(s)) {
      if (sh.role !== 'leader') continue;
      for (const [id, f] of Object.entries(sh.followers)) {
        const was = out[id];
        out[id] = {
          lagOps: Math.max(was?.lagOps ?? 0, f.lagOps),
          lagMs: Math.max(was?.lagMs ?? 0, f.lagMs),
        };
      }
    }
  }
  return Object.keys(out).length === 0 ? null : out;
}

const statusesOf = (api: StoreApi, nodes: readonly NodeInfo[]) =>
  Promise.all(nodes.map((n) => api.status(n, STATUS_TIMEOUT_MS)));

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
        if (caughtUp(await statusesOf(api, nodes))) return true;
        await clock.sleepMs(QUIESCE_POLL_MS);
      }
      return false;
    },
    async sampleLag(nodes) {
      return followerLag(await statusesOf(api, nodes));
    },
  };
}
