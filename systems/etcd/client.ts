// Clients for etcd through its v3 JSON gateway (POST /v3/kv/...; keys and
// values base64): the kv workload (put, multi-key reads in one txn) and the
// register workload (read, write, cas) for the linearizability checker.
// Reads are linearizable (ReadIndex through the leader) or serializable (the
// member's local state, possibly stale). Errors map honestly: a write etcd
// rejected before proposing it is a fail, a cas whose compare missed is a
// fail, and any write that timed out or lost its connection is info.
import type * as core from '../../core/client.ts';
import type { NodeInfo } from '../../core/cluster.ts';
import type { Rng } from '../../core/rng.ts';
import { errorText, isRequest, kvRequest, parseIntValue, readOk } from '../../workloads/kv-ops.ts';
import { targetReadNode } from '../target-reads.ts';

/** An op's run: how it ended, once it has. */
type Completing = Promise<core.Completion>;

export const ETCD_READ_MODES = ['linearizable', 'serializable'] as const;
export type EtcdReadMode = (typeof ETCD_READ_MODES)[number];

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const unb64 = (s: string) => Buffer.from(s, 'base64').toString('utf8');

/** gRPC codes etcd returns only for a request it refused before proposing it. */
const DEFINITE_CODES = new Set([3, 5, 6, 7, 8, 9, 11, 12]);

export type GatewayReply =
  | { readonly kind: 'ok'; readonly body: Record<string, unknown> }
  | { readonly kind: 'refused'; readonly error: string }
  | { readonly kind: 'unknown'; readonly error: string };

/** One gateway call; refused only when etcd answered with a definite error code. */
export async function gateway(
  node: NodeInfo,
  path: string,
  body: unknown,
  signal?: AbortSignal,
): Promise<GatewayReply> {
  try {
    const res = await fetch(`http://${node.host}:${node.port}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      ...(signal ? { signal } : {}),
    });
    const json = (await res.json()) as Record<string, unknown>;
    if (res.ok && json.error === undefined) return { kind: 'ok', body: json };
    const error = String(json.message ?? json.error ?? `HTTP ${res.status}`);
    return DEFINITE_CODES.has(Number(json.code))
      ? { kind: 'refused', error }
      : { kind: 'unknown', error };
  } catch (err) {
    return { kind: 'unknown', error: signal?.aborted ? 'timeout' : errorText(err) };
  }
}

type Kv = { key?: string; value?: string };

/** Reads keys in one txn (one revision); values as integers, null when absent. */
async function readKeys(
  node: NodeInfo,
  keys: readonly string[],
  mode: EtcdReadMode,
  signal: AbortSignal,
) {
  const serializable = mode === 'serializable';
  const success = keys.map((k) => ({ request_range: { key: b64(k), serializable } }));
  const out = await gateway(node, '/v3/kv/txn', { success }, signal);
  if (out.kind !== 'ok') return out;
  const values = new Map<string, number | null>();
  const responses = (out.body.responses ?? []) as { response_range?: { kvs?: Kv[] } }[];
  responses.forEach((r, i) => {
    const kv = r.response_range?.kvs?.[0];
    values.set(keys[i]!, kv?.value === undefined ? null : parseIntValue(unb64(kv.value)));
  });
  return {
    kind: 'values' as const,
    values,
    revision: (out.body.header as { revision?: string })?.revision,
  };
}

export interface EtcdClientOptions {
  readonly readFrom: string;
  readonly readMode: EtcdReadMode;
  readonly rng: Rng;
}

/** The register workload's one key. */
export const REGISTER_KEY = 'r';

class EtcdSession implements core.Client {
  constructor(
    private readonly process: number,
    private readonly nodes: readonly NodeInfo[],
    private readonly opts: EtcdClientOptions,
    private readonly rng: Rng,
    private readonly register: boolean,
  ) {}

  /** Writes may go to any member: a follower forwards the proposal to the leader. */
  private node(op: core.Invocation): NodeInfo | undefined {
    if (op.node) return this.nodes.find((n) => n.id === op.node);
    return targetReadNode(this.opts.readFrom, this.process, this.nodes, this.rng);
  }

  async invoke(op: core.Invocation, ctx: core.InvokeContext): Promise<core.Completion> {
    const node = this.node(op);
    if (!node) return { type: 'fail', value: op.value, error: `no node ${op.node}` };
    return this.register ? this.registerOp(op, node, ctx.signal) : this.kvOp(op, node, ctx.signal);
  }

  private async kvOp(op: core.Invocation, node: NodeInfo, signal: AbortSignal): Completing {
    const req = kvRequest(op);
    if (!isRequest(req)) return req;
    if (req.kind === 'read') {
      const r = await readKeys(node, req.keys, this.opts.readMode, signal);
      // A read has no effect, so any failure, even an unknown one, is a fail.
      if (r.kind !== 'values')
        return { type: 'fail', value: op.value, node: node.id, error: r.error };
      return { ...readOk(req.keys, r.values, node.id), version: r.revision };
    }
    const put = { key: b64(req.key), value: b64(String(req.value)) };
    return this.complete(op, node, await gateway(node, '/v3/kv/put', put, signal));
  }

  private complete(op: core.Invocation, node: NodeInfo, out: GatewayReply): core.Completion {
    const base = { value: op.value, node: node.id };
    if (out.kind === 'ok') return { type: 'ok', ...base };
    return { type: out.kind === 'refused' ? 'fail' : 'info', ...base, error: out.error };
  }

  private async registerOp(op: core.Invocation, node: NodeInfo, signal: AbortSignal): Completing {
    const key = b64(REGISTER_KEY);
    if (op.f === 'read') {
      const r = await readKeys(node, [REGISTER_KEY], this.opts.readMode, signal);
      if (r.kind !== 'values') return { type: 'fail', value: null, node: node.id, error: r.error };
      return { type: 'ok', value: r.values.get(REGISTER_KEY) ?? null, node: node.id };
    }
    if (op.f === 'write') {
      const put = { key, value: b64(String(op.value)) };
      return this.complete(op, node, await gateway(node, '/v3/kv/put', put, signal));
    }
    if (op.f === 'cas' && Array.isArray(op.value) && op.value.length === 2) {
      const [from, to] = op.value as [unknown, unknown];
      const txn = {
        compare: [{ key, target: 'VALUE', result: 'EQUAL', value: b64(String(from)) }],
        success: [{ request_put: { key, value: b64(String(to)) } }],
      };
      const out = await gateway(node, '/v3/kv/txn', txn, signal);
      if (out.kind === 'ok' && out.body.succeeded !== true)
        return { type: 'fail', value: op.value, node: node.id, error: 'cas: value differed' };
      // To the register model a failed cas means "compared and missed"; a cas etcd
      // refused outright did not compare at all, so it must not read as a miss.
      if (out.kind === 'refused')
        return { type: 'info', value: op.value, node: node.id, error: `cas refused: ${out.error}` };
      return this.complete(op, node, out);
    }
    return { type: 'fail', value: op.value, error: `unknown register op ${op.f}` };
  }

  async close(): Promise<void> {}
}

export function etcdClients(
  opts: EtcdClientOptions,
  workload: 'kv' | 'register',
): core.ClientFactory {
  return {
    open: async (process, nodes) =>
      new EtcdSession(process, nodes, opts, opts.rng.fork(), workload === 'register'),
  };
}
