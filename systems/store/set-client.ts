// The set workload's client for our store: an add writes one element into
// the set under one key (the store's {"op": "add"}) at the session's home
// node, as a multi-leader user writes to their own datacenter; a read takes
// the whole set from the node the read policy picks (final reads: the node
// named), recording siblings as {"siblings": [...]}.
import type { Client, ClientFactory, Completion, Invocation } from '../../core/client.ts';
import type { NodeInfo } from '../../core/cluster.ts';
import type { Rng } from '../../core/rng.ts';
import type { Value } from '../../store/protocol.ts';
import { isErrorReply, type StoreApi } from './http.ts';
import { readValue } from './replies.ts';

/** The one key the set lives under. */
export const SET_KEY = 'set';

export interface SetClientOptions {
  readonly api: StoreApi;
  readonly readFrom: string;
  readonly rng: Rng;
}

class SetClient implements Client {
  constructor(
    private readonly home: NodeInfo,
    private readonly nodes: readonly NodeInfo[],
    private readonly opts: SetClientOptions,
  ) {}

  async invoke(op: Invocation, ctx: { signal: AbortSignal }): Promise<Completion> {
    if (op.f === 'add') return this.add(op, ctx.signal);
    if (op.f === 'read' || op.f === 'final-read') return this.read(op, ctx.signal);
    return { type: 'fail', value: op.value, error: `unknown f ${op.f}` };
  }

  private async add(op: Invocation, signal: AbortSignal): Promise<Completion> {
    const req = { key: SET_KEY, value: op.value as Value, op: 'add' };
    const out = await this.opts.api.write(this.home, req, signal);
    if (out.kind === 'unsent')
      return { type: 'fail', value: op.value, node: this.home.id, error: out.error };
    if (out.kind === 'unknown') return { type: 'info', value: op.value, error: out.error };
    const body = out.body;
    if (!isErrorReply(body))
      return { type: 'ok', value: op.value, node: body.node, version: body.version };
    return {
      type: body.definite ? 'fail' : 'info',
      value: op.value,
      node: body.node,
      error: body.error,
    };
  }

  private async read(op: Invocation, signal: AbortSignal): Promise<Completion> {
    const node =
      this.nodes.find((n) => n.id === op.node) ??
      (this.opts.readFrom === 'sticky' ? this.home : this.opts.rng.pick(this.nodes));
    const out = await this.opts.api.read(node, { keys: [SET_KEY] }, signal);
    // A read has no effect, so an unknown outcome is safely a fail.
    if (out.kind !== 'reply')
      return { type: 'fail', value: op.value, node: node.id, error: out.error };
    const body = out.body;
    if (isErrorReply(body))
      return { type: 'fail', value: op.value, node: body.node, error: body.error };
    const value = readValue(body, SET_KEY);
    return {
      type: 'ok',
      value: value ?? [],
      node: body.node,
      version: body.versions[SET_KEY] ?? null,
    };
  }

  async close(): Promise<void> {}
}

/** Each session's home node is nodes[process mod n]. */
export function storeSetClients(opts: SetClientOptions): ClientFactory {
  return {
    open: async (process, nodes) =>
      new SetClient(nodes[process % nodes.length]!, nodes, { ...opts, rng: opts.rng.fork() }),
  };
}
