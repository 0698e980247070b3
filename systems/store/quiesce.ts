// When the final reads may start against our store, and the replication lag
// it reports, from every node's /status. A mode that reports `pending` (per
// peer, changes not yet delivered: multi-leader) is caught up when nothing is
// pending anywhere; single-leader's shards are read otherwise, every shard
// counting, not only shard 0.
import type { Clock } from '../../core/clock.ts';
import type { NodeInfo } from '../../core/cluster.ts';
import type { LagSample, SystemTarget } from '../../core/system.ts';
import { statusShards } from '../../store/replication/single-leader/protocol.ts';
import { pollUntil } from '../poll.ts';
import { isSingleLeader, type NodeStatus, type StoreApi } from './http.ts';

const STATUS_TIMEOUT_MS = 500;

/** A mode without a log says itself whether it knows of anything left to replicate. */
function settledField(s: object): boolean | undefined {
  const v = (s as Readonly<Record<string, unknown>>).settled;
  return typeof v === 'boolean' ? v : undefined;
}

interface Backlog {
  readonly ops: number;
  readonly oldestMs: number;
}

/** A status's `pending` field (peer → undelivered changes), or null when it has none. */
export function pendingOf(s: object): Readonly<Record<string, Backlog>> | null {
  const p = (s as { pending?: unknown }).pending;
  if (typeof p !== 'object' || p === null || Array.isArray(p)) return null;
  const out: Record<string, Backlog> = {};
  for (const [peer, b] of Object.entries(p as Record<string, unknown>)) {
    const { ops, oldestMs } = (b ?? {}) as Partial<Backlog>;
    if (typeof ops !== 'number' || typeof oldestMs !== 'number') return null;
    out[peer] = { ops, oldestMs };
  }
  return out;
}

/** Every node has applied, in every shard, all that any node holds of that shard. */
export function caughtUp(statuses: readonly (NodeStatus | null)[]): boolean {
  if (statuses.some((s) => s === null)) return false;
  // leaderless: no pending hints, every peer's Merkle trees compared equal.
  const settled = statuses.map((s) => settledField(s!));
  if (settled.some((x) => x !== undefined)) return settled.every((x) => x === true);
  const pending = statuses.map((s) => pendingOf(s!));
  if (pending.every((p) => p !== null))
    return pending.every((p) => Object.values(p!).every((b) => b.ops === 0));
  if (!statuses.every((s) => isSingleLeader(s!))) return false;
  const all = statuses.map((s) => statusShards(s as Parameters<typeof statusShards>[0]));
  const shards = Math.max(...all.map((x) => x.length));
  for (let i = 0; i < shards; i++) {
    const top = Math.max(...all.map((x) => x[i]?.lsn ?? 0));
    if (!all.every((x) => (x[i]?.appliedLsn ?? -1) >= top)) return false;
  }
  return true;
}

/** Per node, its worst lag: what peers have not delivered to it, or over the shards it follows as their leaders see it. */
export function followerLag(
  statuses: readonly (NodeStatus | null)[],
): Record<string, LagSample> | null {
  const out: Record<string, LagSample> = {};
  for (const s of statuses) {
    if (s === null) continue;
    for (const [peer, b] of Object.entries(pendingOf(s) ?? {})) {
      const was = out[peer];
      out[peer] = {
        lagOps: Math.max(was?.lagOps ?? 0, b.ops),
        lagMs: Math.max(was?.lagMs ?? 0, b.oldestMs),
      };
    }
    if (!isSingleLeader(s)) continue;
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
