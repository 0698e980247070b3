// When the final reads may start against our store, and the replication lag
// it reports, from every node's /status: every shard counts, not only shard 0.
import type { Clock } from '../../core/clock.ts';
import type { NodeInfo } from '../../core/cluster.ts';
import type { LagSample, SystemTarget } from '../../core/system.ts';
import { statusShards, type StatusReply } from '../../store/replication/single-leader/protocol.ts';
import { pollUntil } from '../poll.ts';
import type { StoreApi } from './http.ts';

const STATUS_TIMEOUT_MS = 500;

/** A mode without a log says itself whether it knows of anything left to replicate. */
function settledField(s: StatusReply): boolean | undefined {
  const v = (s as unknown as Readonly<Record<string, unknown>>).settled;
  return typeof v === 'boolean' ? v : undefined;
}

/**
 * Every node has applied, in every shard, all that any node holds of that
 * shard; or, for a mode that reports `settled` (leaderless: no pending hints,
 * every peer's Merkle trees compared equal), every node says so.
 */
export function caughtUp(statuses: readonly (StatusReply | null)[]): boolean {
  if (statuses.some((s) => s === null)) return false;
  const settled = statuses.map((s) => settledField(s!));
  if (settled.some((x) => x !== undefined)) return settled.every((x) => x === true);
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

/** The store's quiesce and lag probes, through the api clients use (HTTP, or in-process). */
export function storeProbes(
  api: StoreApi,
  clock: Clock,
): Pick<SystemTarget, 'quiesce' | 'sampleLag'> {
  const statuses = (nodes: readonly NodeInfo[]) =>
    Promise.all(nodes.map((n) => api.status(n, STATUS_TIMEOUT_MS)));
  return {
    quiesce: (nodes, timeoutMs) =>
      pollUntil(clock, timeoutMs, async () => caughtUp(await statuses(nodes))),
    sampleLag: async (nodes) => followerLag(await statuses(nodes)),
  };
}
