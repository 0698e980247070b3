// The kv workload's client for our store: one per session. Writes go to the
// leader (found through /status, then followed through not-leader hints);
// reads go where the read policy says.
import type { Client, ClientFactory, Completion, Invocation } from '../harness/client.ts';
import type { Clock } from '../harness/clock.ts';
import type { NodeInfo } from '../harness/cluster.ts';
import type { Rng } from '../harness/rng.ts';
import type { ReadReply, Value } from '../store/protocol.ts';
import { microOps } from '../checkers/history.ts';
import { isErrorReply, type StoreApi } from './store-http.ts';
import { readPolicy, type ReadPolicy, type ShardLsns } from './read-policy.ts';
import { storedField } from './statement-values.ts';

const MAX_REDIRECTS = 3;
const STATUS_TIMEOUT_MS = 500;
/** How long a node may wait to catch up to a read's token before answering "behind". */
const TOKEN_WAIT_MS = 500;

export interface StoreClientOptions {
  readonly readFrom: string;
  readonly rng: Rng;
  readonly api: StoreApi;
  /** The run's clock; leader-window measures on it. */
  readonly clock: Clock;
  readonly leaderWindowMs?: number;
}

/** Asks every node who leads; the answer with the highest term wins. */
export async function findLeader(
  api: StoreApi,
  nodes: readonly NodeInfo[],
): Promise<NodeInfo | null> {
  const statuses = await Promise.all(nodes.map((n) => api.status(n, STATUS_TIMEOUT_MS)));
  let best: { id: string; term: number } | null = null;
  for (const s of statuses) {
    if (s === null) continue;
    const id = s.role === 'leader' ? s.id : s.leader;
    if (id !== null && (best === null || s.term > best.term)) best = { id, term: s.term };
  }
  return nodes.find((n) => n.id === best?.id) ?? null;
}

class StoreClient implements Client {
  private leader: NodeInfo | null = null;

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
        this.leader = target;
        this.policy.wrote(body.node, body.shard ?? 0, body.lsn);
        return { type: 'ok', value: op.value, node: body.node, version: body.lsn };
      }
      if (!body.definite) {
        return { type: 'info', value: op.value, node: body.node, error: body.error };
      }
      if (body.error !== 'not-leader') {
        return { type: 'fail', value: op.value, node: body.node, error: body.error };
      }
      this.leader = null;
      const hint = body.leader ? this.nodes.find((n) => n.id === body.leader) : undefined;
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
    const pinned = op.node ? this.nodes.find((n) => n.id === op.node) : undefined;
    const choice = pinned
      ? { node: pinned }
      : this.policy.choose(this.process, this.nodes, () => this.leader);
    const node = choice.node ?? (await findLeader(this.api, this.nodes));
    if (node === null) return { type: 'fail', value: op.value, error: 'no leader reachable' };
    const out = await this.api.read(
      node,
      { keys, ...(choice.minLsns ? { minLsns: choice.minLsns, waitMs: TOKEN_WAIT_MS } : {}) },
      signal,
    );
    // A read has no effect, so an unknown outcome is safely a fail.
    if (out.kind !== 'reply') return { type: 'fail', value: op.value, error: out.error };
    const body = out.body;
    if (isErrorReply(body)) {
      return { type: 'fail', value: op.value, node: body.node, error: body.error };
    }
    this.policy.read(body.node, appliedLsns(body));
    return {
      type: 'ok',
      value: keys.map((k) => ['r', k, body.values[k] ?? null]),
      node: body.node,
      version: body.versions,
      ...storedField(op, body),
    };
  }

  async close(): Promise<void> {}
}

/** Per shard, what the serving node had applied; without sharding only lsn, for shard 0. */
function appliedLsns(body: ReadReply): ShardLsns {
  return body.lsns ?? { '0': body.lsn };
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
