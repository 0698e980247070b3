// How the store client reads the store's replies: where a refusal redirects,
// what a key's value becomes in the history (siblings included), and one
// answer made of per-shard answers with each shard's applied LSN.
import type { ErrorReply, ReadReply } from '../../store/protocol.ts';
import type { SingleLeaderReadReply } from '../../store/replication/single-leader/protocol.ts';
import type { ShardLsns } from './read-choice.ts';

/** A refusal's redirect (single-leader: the leader), to follow. */
export function hintOf(body: ErrorReply): { hint?: string } {
  return body.redirect ? { hint: body.redirect } : {};
}

/**
 * A key's value as the history records it: null (absent), the value, or
 * {"siblings": [v1, v2, ...]} when the store returned concurrent versions.
 */
export function readValue(body: ReadReply, key: string): unknown {
  const siblings = body.siblings?.[key];
  if (siblings !== undefined) return { siblings: siblings.map((s) => s.value) };
  return body.values[key] ?? null;
}

/** One answer from per-shard answers: their values, and each shard's applied LSN. */
export function mergeReplies(parts: readonly SingleLeaderReadReply[]): SingleLeaderReadReply {
  const [only] = parts;
  if (parts.length === 1 && only) return only;
  const lsns: Record<string, number> = {};
  for (const p of parts) Object.assign(lsns, appliedLsns(p));
  return {
    ok: true,
    node: [...new Set(parts.map((p) => p.node))].sort().join(','),
    lsn: Math.min(...Object.values(lsns)),
    values: Object.assign({}, ...parts.map((p) => p.values)),
    versions: Object.assign({}, ...parts.map((p) => p.versions)),
    ...(parts.some((p) => p.siblings)
      ? { siblings: Object.assign({}, ...parts.map((p) => p.siblings ?? {})) }
      : {}),
    lsns,
  };
}

/** Per shard, what the serving node had applied; without sharding only lsn, for shard 0. */
export function appliedLsns(body: SingleLeaderReadReply): ShardLsns {
  return body.lsns ?? { '0': body.lsn };
}
