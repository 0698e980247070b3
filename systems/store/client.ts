// The kv workload's client for our store: one per session. Writes go to the
// leader (found through /status, then followed through the redirects its
// refusals name);
// reads go where the read policy says.
import type { Client, ClientFactory, Completion, Invocation } from '../../core/client.ts';
import type { Clock } from '../../core/clock.ts';
import type { NodeInfo } from '../../core/cluster.ts';
import type { Rng } from '../../core/rng.ts';
import type { Value } from '../../store/protocol.ts';
import {
  readFields,
  shardOf,
  statusShards,
  writeFields,
  type SingleLeaderReadReply,
  type SingleLeaderReadRequest,
} from '../../store/replication/single-leader/protocol.ts';
import { microOps } from '../../core/history.ts';
import { isErrorReply, type StoreApi } from './http.ts';
import { appliedLsns, hintOf, mergeReplies, readValue } from './replies.ts';
import type { ReadPolicy, ShardLsns } from './read-choice.ts';
import { readPolicy } from './read-policy.ts';
import { storedField } from './statement-values.ts';

const MAX_REDIRECTS = 3;
const STATUS_TIMEOUT_MS = 500;
/** How long a node may wait to catch up to a read's token before answering "behind". */
const TOKEN_WAIT_MS = 500;
/** How long a leader may take to confirm with a majority that it still leads. */
const LEADER_READ_WAIT_MS = 500;

export interface StoreClientOptions {
  readonly readFrom: string;
  readonly rng: Rng;
  readonly api: StoreApi;
  /** The run's clock; leader-window measures on it. */
  readonly clock: Clock;
  readonly leaderWindowMs?: number;
}

/** Who leads each shard, as the nodes say; per shard the claim with the highest term wins. */
export interface LeaderSurvey {
  /** Shards the store runs; null when no node answered. */
  readonly shards: number | null;
  /** Per shard (shard 0 alone when no node answered). */
  readonly leaders: readonly (NodeInfo | null)[];
}

/** Asks every node who leads each shard. */
export async function surveyLeaders(
  api: StoreApi,
  nodes: readonly NodeInfo[],
): Promise<LeaderSurvey> {
  const statuses = await Promise.all(nodes.map((n) => api.status(n, STATUS_TIMEOUT_MS)));
  const answered = statuses.filter((s) => s !== null);
  const shards = Math.max(1, ...answered.map((s) => statusShards(s).length));
  const best: ({ id: string; term: number } | null)[] = Array.from({ length: shards }, () => null);
  for (const s of answered) {
    for (const sh of statusShards(s)) {
      const id = sh.role === 'leader' ? s.id : sh.leader;
      const b = best[sh.shard];
      if (id !== null && sh.shard < shards && (!b || sh.term > b.term))
        best[sh.shard] = { id, term: sh.term };
    }
  }
  return {
    shards: answered.length > 0 ? shards : null,
    leaders: best.map((b) => nodes.find((n) => n.id === b?.id) ?? null),
  };
}

/** Asks every node who leads (shard 0); the answer with the highest term wins. */
export async function findLeader(
  api: StoreApi,
  nodes: readonly NodeInfo[],
): Promise<NodeInfo | null> {
  return (await surveyLeaders(api, nodes)).leaders[0] ?? null;
}

type Part = { readonly ok: true; readonly body: SingleLeaderReadReply } | Failed;
type Failed = {
  readonly ok: false;
  readonly error: string;
  readonly node?: string;
  readonly hint?: string;
};

class StoreClient implements Client {
  /** Where writes go (any shard's leader; a not-leader answer names the right one). */
  private leader: NodeInfo | null = null;
  /** Per shard, the node that last answered a leader read or took a write. */
  private readonly readLeaders = new Map<number, NodeInfo>();
  /** The store's shard count, learned at the first leader read some node answered. */
  private shardCount: number | null = null;

  constructor(
    private readonly process: number,
    private readonly nodes: readonly NodeInfo[],
    private readonly policy: ReadPolicy,
    private readonly api: StoreApi,
  ) {}

  async invoke(op: Invocation, ctx: { signal: AbortSignal }): Promise<Completion> {
    const mops = microOps(op.value);
    if (mops === null) return { type: 'fail', value: op.value, error: 'value is not micro-ops' };
    if (op.f === 'write') return this.write(op, mops, ctx.signal);
    if (op.f === 'read' || op.f === 'final-read') return this.read(op, mops, ctx.signal);
    return { type: 'fail', value: op.value, error: `unknown f ${op.f}` };
  }

  private async write(
    op: Invocation,
    mops: readonly (readonly [string, string, unknown])[],
    signal: AbortSignal,
  ): Promise<Completion> {
    const [m] = mops;
    if (mops.length !== 1 || m === undefined || m[0] !== 'w') {
      return { type: 'fail', value: op.value, error: 'a write is exactly one ["w", key, value]' };
    }
    let target = this.leader ?? (await findLeader(this.api, this.nodes));
    for (let hop = 0; hop <= MAX_REDIRECTS && target !== null; hop++) {
      const out = await this.api.write(target, { key: m[1], value: m[2] as Value }, signal);
      if (out.kind === 'unsent') {
        this.leader = null;
        return { type: 'fail', value: op.value, node: target.id, error: out.error };
      }
      if (out.kind === 'unknown') return { type: 'info', value: op.value, error: out.error };
      const body = out.body;
      if (!isErrorReply(body)) {
        const { shard, lsn } = writeFields(body);
        this.leader = target;
        this.readLeaders.set(shard, target);
        this.policy.wrote(body.node, shard, lsn);
        return { type: 'ok', value: op.value, node: body.node, version: body.version };
      }
      if (!body.definite) {
        return { type: 'info', value: op.value, node: body.node, error: body.error };
      }
      if (body.error !== 'not-leader') {
        return { type: 'fail', value: op.value, node: body.node, error: body.error };
      }
      this.leader = null;
      const hint = this.node(body.redirect ?? undefined);
      target = hint && hint.id !== target.id ? hint : null;
    }
    return { type: 'fail', value: op.value, error: 'no leader reachable' };
  }

  private async read(
    op: Invocation,
    mops: readonly (readonly [string, string, unknown])[],
    signal: AbortSignal,
  ): Promise<Completion> {
    const keys = mops.map((m) => m[1]);
    const pinned = this.node(op.node);
    const choice = pinned ? { node: pinned } : this.policy.choose(this.process, this.nodes);
    const part =
      'leader' in choice
        ? await this.leaderRead(keys, signal)
        : await this.tokenRead(choice.node, keys, choice.minLsns, signal);
    if (!part.ok) {
      return {
        type: 'fail',
        value: op.value,
        error: part.error,
        ...(part.node ? { node: part.node } : {}),
      };
    }
    const body = part.body;
    this.policy.read(body.node, appliedLsns(body));
    return {
      type: 'ok',
      value: keys.map((k) => ['r', k, readValue(body, k)]),
      node: body.node,
      version: body.versions,
      ...storedField(op, body),
    };
  }

  private async readAt(
    node: NodeInfo,
    req: SingleLeaderReadRequest,
    signal: AbortSignal,
  ): Promise<Part> {
    const out = await this.api.read(node, req, signal);
    // A read has no effect, so an unknown outcome is safely a fail.
    if (out.kind !== 'reply') return { ok: false, error: out.error };
    const body = out.body;
    if (isErrorReply(body))
      return { ok: false, error: body.error, node: body.node, ...hintOf(body) };
    return { ok: true, body: { ...body, ...readFields(body) } };
  }

  /**
   * From `node`; with a token, a node still behind it after TOKEN_WAIT_MS
   * names the lagging shard's leader, which the read tries once instead.
   */
  private async tokenRead(
    node: NodeInfo,
    keys: readonly string[],
    minLsns: ShardLsns | undefined,
    signal: AbortSignal,
  ): Promise<Part> {
    if (!minLsns) return this.readAt(node, { keys }, signal);
    const req = { keys, minLsns, waitMs: TOKEN_WAIT_MS };
    const part = await this.readAt(node, req, signal);
    const leader = !part.ok && part.error === 'behind' ? this.node(part.hint) : undefined;
    return leader && leader.id !== node.id ? this.readAt(leader, req, signal) : part;
  }

  private node(id: string | undefined): NodeInfo | undefined {
    return this.nodes.find((n) => n.id === id);
  }

  /**
   * Each shard's keys from that shard's confirmed leader (shards may have
   * different leaders), merged into one answer; any shard refused fails all.
   */
  private async leaderRead(keys: readonly string[], signal: AbortSignal): Promise<Part> {
    // One survey serves both: the shard count, once, and leaders not yet known.
    let survey = this.shardCount === null ? await surveyLeaders(this.api, this.nodes) : null;
    this.shardCount ??= survey?.shards ?? null;
    const byShard = new Map<number, string[]>();
    for (const k of keys) {
      const shard = shardOf(k, this.shardCount ?? 1);
      byShard.set(shard, [...(byShard.get(shard) ?? []), k]);
    }
    if ([...byShard.keys()].some((shard) => !this.readLeaders.has(shard)))
      survey ??= await surveyLeaders(this.api, this.nodes);
    const parts: SingleLeaderReadReply[] = [];
    for (const [shard, ks] of byShard) {
      const node = this.readLeaders.get(shard) ?? survey?.leaders[shard] ?? null;
      const part = await this.shardLeaderRead(node, shard, ks, signal);
      if (!part.ok) return part;
      parts.push(part.body);
    }
    return { ok: true, body: mergeReplies(parts) };
  }

  /** Starting at `first`, follows not-leader hints like a write; the session remembers who answered. */
  private async shardLeaderRead(
    first: NodeInfo | null,
    shard: number,
    keys: readonly string[],
    signal: AbortSignal,
  ): Promise<Part> {
    let node = first;
    for (let hop = 0; ; hop++) {
      if (!node) return { ok: false, error: 'no leader reachable' };
      const part = await this.readAt(
        node,
        { keys, leader: true, waitMs: LEADER_READ_WAIT_MS },
        signal,
      );
      if (part.ok) {
        this.readLeaders.set(shard, node);
        return part;
      }
      if (part.error !== 'not-leader') return part;
      this.readLeaders.delete(shard);
      const hint = this.node(part.hint);
      if (!hint || hint.id === node.id || hop >= MAX_REDIRECTS) return part;
      node = hint;
    }
  }

  async close(): Promise<void> {}
}

/** Each session (process) gets its own read policy, so no token crosses sessions. */
export function storeClients(opts: StoreClientOptions): ClientFactory {
  return {
    open: async (process, nodes) => {
      const policy = readPolicy(opts.readFrom, {
        rng: opts.rng.fork(),
        clock: opts.clock,
        ...(opts.leaderWindowMs !== undefined ? { leaderWindowMs: opts.leaderWindowMs } : {}),
      });
      return new StoreClient(process, nodes, policy, opts.api);
    },
  };
}
