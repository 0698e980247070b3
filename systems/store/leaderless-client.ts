// The kv workload's client for the store's leaderless mode: one per session.
// Any node coordinates, so a write or read goes to a random node (sticky:
// one node per session); a final read goes to its node with `local`, so it
// shows that replica's own data (with anti-entropy off, after a read from
// every home replica that read-repairs it). Like a Riak client the session keeps, per
// key, the version it last saw and sends it with its next write, so its own
// successive writes supersede each other instead of becoming siblings.
import type { Client, ClientFactory, Completion, Invocation } from '../../core/client.ts';
import type { NodeInfo } from '../../core/cluster.ts';
import { microOps } from '../../core/history.ts';
import type { Rng } from '../../core/rng.ts';
import type { Value, Version } from '../../store/protocol.ts';
import { isErrorReply, type StoreApi } from './http.ts';
import { readValue } from './replies.ts';

type Micro = readonly [string, string, unknown];

class LeaderlessClient implements Client {
  /** key -> the version this session last wrote or read. */
  private readonly context = new Map<string, Version>();

  constructor(
    private readonly process: number,
    private readonly nodes: readonly NodeInfo[],
    private readonly sticky: boolean,
    private readonly rng: Rng,
    private readonly api: StoreApi,
    private readonly repairFirst: boolean,
  ) {}

  async invoke(op: Invocation, ctx: { signal: AbortSignal }): Promise<Completion> {
    const mops = microOps(op.value);
    if (mops === null) return { type: 'fail', value: op.value, error: 'value is not micro-ops' };
    if (op.f === 'write') return this.write(op, mops, ctx.signal);
    if (op.f === 'read' || op.f === 'final-read') return this.read(op, mops, ctx.signal);
    return { type: 'fail', value: op.value, error: `unknown f ${op.f}` };
  }

  private target(op: Invocation): NodeInfo {
    const pinned = this.nodes.find((n) => n.id === op.node);
    if (pinned) return pinned;
    return this.sticky ? this.nodes[this.process % this.nodes.length]! : this.rng.pick(this.nodes);
  }

  private async write(
    op: Invocation,
    mops: readonly Micro[],
    signal: AbortSignal,
  ): Promise<Completion> {
    const [m] = mops;
    if (mops.length !== 1 || m === undefined || m[0] !== 'w')
      return { type: 'fail', value: op.value, error: 'a write is exactly one ["w", key, value]' };
    const node = this.target(op);
    const seen = this.context.get(m[1]);
    const req = {
      key: m[1],
      value: m[2] as Value,
      ...(seen !== undefined ? { context: seen } : {}),
    };
    const out = await this.api.write(node, req, signal);
    if (out.kind === 'unsent')
      return { type: 'fail', value: op.value, node: node.id, error: out.error };
    if (out.kind === 'unknown')
      return { type: 'info', value: op.value, node: node.id, error: out.error };
    const body = out.body;
    if (isErrorReply(body))
      return {
        type: body.definite ? 'fail' : 'info',
        value: op.value,
        node: body.node,
        error: body.error,
      };
    this.context.set(m[1], body.version);
    return { type: 'ok', value: op.value, node: body.node, version: body.version };
  }

  private async read(
    op: Invocation,
    mops: readonly Micro[],
    signal: AbortSignal,
  ): Promise<Completion> {
    const keys = mops.map((m) => m[1]);
    const node = this.target(op);
    const local = op.f === 'final-read';
    if (local && this.repairFirst) {
      // Without anti-entropy only read repair brings replicas together: first
      // read every key from all its homes, which repairs this node's replica.
      const swept = await this.api.read(node, { keys, all: true }, signal);
      if (swept.kind !== 'reply' || isErrorReply(swept.body))
        return { type: 'fail', value: op.value, node: node.id, error: 'repair read failed' };
    }
    const out = await this.api.read(node, { keys, ...(local ? { local } : {}) }, signal);
    // A read has no effect a client could observe later, so an unknown outcome is a fail.
    if (out.kind !== 'reply')
      return { type: 'fail', value: op.value, node: node.id, error: out.error };
    const body = out.body;
    if (isErrorReply(body))
      return { type: 'fail', value: op.value, node: body.node, error: body.error };
    for (const k of keys)
      if (body.versions[k] !== undefined) this.context.set(k, body.versions[k]!);
    return {
      type: 'ok',
      value: keys.map((k) => ['r', k, readValue(body, k)]),
      node: body.node,
      version: body.versions,
    };
  }

  async close(): Promise<void> {}
}

/** Each session gets its own contexts and its own random stream. */
export function leaderlessClients(opts: {
  readonly readFrom: string;
  readonly rng: Rng;
  readonly api: StoreApi;
  /** Anti-entropy is off: a final read first reads from every home (read repair), then locally. */
  readonly repairFirst: boolean;
}): ClientFactory {
  return {
    open: async (process, nodes) =>
      new LeaderlessClient(
        process,
        nodes,
        opts.readFrom === 'sticky',
        opts.rng.fork(),
        opts.api,
        opts.repairFirst,
      ),
  };
}
