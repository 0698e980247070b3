// The kv workload's client for Redis (ioredis): writes are SET on the primary
// (n1), optionally followed by WAIT n timeout (semi-sync); reads are MGET on
// the node the read policy picks. Errors map honestly: a reply error or a
// connection that never opened is a definite fail; a write whose connection
// broke or timed out after it was sent is info (it may have happened).
import type { Redis } from 'ioredis';
import { lazyPackage } from '../../core/lazy-package.ts';
import type * as core from '../../core/client.ts';
import type { NodeInfo } from '../../core/cluster.ts';
import type { Rng } from '../../core/rng.ts';
import * as kv from '../../workloads/kv-ops.ts';
import { targetReadNode } from '../target-reads.ts';

/** An op's run: how it ended, once it has. */
type Completing = Promise<core.Completion>;

export interface RedisClientOptions {
  readonly readFrom: string;
  readonly rng: Rng;
  /** After each write, WAIT for this many replicas (0: don't wait). */
  readonly waitReplicas: number;
  readonly waitTimeoutMs: number;
  /**
   * Who the primary is, asked afresh after every failure that may mean a
   * failover (Sentinel's answer); absent: the node whose INFO says master.
   */
  readonly findPrimary?: (nodes: readonly NodeInfo[]) => Promise<NodeInfo | Error>;
}

const CONNECT_TIMEOUT_MS = 1000;

const ioredis = lazyPackage<typeof import('ioredis')>('ioredis');

/** A connection that never retries or queues: what was not sent must not be sent later. */
export function redisConnection(node: NodeInfo): Redis {
  const { Redis: Connection } = ioredis();
  const r = new Connection({
    host: node.host,
    port: node.port,
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    retryStrategy: () => null,
    connectTimeout: CONNECT_TIMEOUT_MS,
  });
  // Failures surface on the commands; an unhandled 'error' event would crash the controller.
  r.on('error', () => {});
  return r;
}

/** One INFO section of a node as key → value. */
export async function redisInfo(node: NodeInfo, section: string): Promise<Record<string, string>> {
  const r = redisConnection(node);
  try {
    await r.connect();
    const out: Record<string, string> = {};
    for (const line of (await r.info(section)).split(/\r?\n/)) {
      const i = line.indexOf(':');
      if (i > 0) out[line.slice(0, i)] = line.slice(i + 1);
    }
    return out;
  } finally {
    r.disconnect();
  }
}

/** A reply error from the server: the command was refused, so it did not happen. */
function isReplyError(err: unknown): boolean {
  return err instanceof Error && err.name === 'ReplyError';
}

/** One session: its connections (one per node, opened on first use) and where it writes. */
class RedisSession implements core.Client {
  constructor(
    private readonly process: number,
    private readonly nodes: readonly NodeInfo[],
    private readonly opts: RedisClientOptions,
    private readonly rng: Rng,
  ) {}

  private readonly conns = new Map<string, Redis>();
  /** Where writes go; forgotten on READONLY or a broken connection, then asked again. */
  private primary: NodeInfo | null = null;

  /** An open connection to the node, or the reason none could be opened (nothing was sent). */
  private async conn(node: NodeInfo): Promise<Redis | string> {
    const have = this.conns.get(node.id);
    if (have && have.status === 'ready') return have;
    have?.disconnect();
    const r = redisConnection(node);
    this.conns.set(node.id, r);
    try {
      await r.connect();
      return r;
    } catch (err) {
      r.disconnect();
      this.conns.delete(node.id);
      return `connect to ${node.id}: ${kv.errorText(err)}`;
    }
  }

  async invoke(op: core.Invocation, ctx: core.InvokeContext): Promise<core.Completion> {
    const req = kv.kvRequest(op);
    if (!kv.isRequest(req)) return req;
    if (req.kind === 'write') return this.write(op, req, ctx.signal);
    const toPrimary = this.opts.readFrom === 'primary' || this.opts.readFrom === 'leader';
    const node = op.node
      ? this.nodes.find((n) => n.id === op.node)
      : toPrimary
        ? await this.findPrimary()
        : targetReadNode(this.opts.readFrom, this.process, this.nodes, this.rng);
    if (!node) return { type: 'fail', value: op.value, error: `no node ${op.node}` };
    if (node instanceof Error)
      return { type: 'fail', value: op.value, error: `no primary: ${node.message}` };
    const r = await this.conn(node);
    // A primary that cannot be read may have been replaced: ask again next time.
    if (typeof r === 'string') {
      if (node === this.primary) this.primary = null;
      return { type: 'fail', value: op.value, node: node.id, error: r };
    }
    const out = await kv.raceAbort(r.mget(...req.keys), ctx.signal);
    if (out.kind !== 'done' && node === this.primary) this.primary = null;
    // A read has no effect, so any failure, even an unknown one, is a fail.
    if (out.kind === 'aborted')
      return { type: 'fail', value: op.value, node: node.id, error: 'timeout' };
    if (out.kind === 'error')
      return { type: 'fail', value: op.value, node: node.id, error: kv.errorText(out.error) };
    const values = new Map(req.keys.map((k, i) => [k, kv.parseIntValue(out.value[i])]));
    return kv.readOk(req.keys, values, node.id);
  }

  /**
   * The primary as the options' findPrimary names it, or else the node whose
   * INFO says role:master (after a failover, no longer n1); n1 when none answers.
   */
  private async findPrimary(): Promise<NodeInfo | Error> {
    if (this.primary) return this.primary;
    if (this.opts.findPrimary) {
      const found = await this.opts.findPrimary(this.nodes);
      if (!(found instanceof Error)) this.primary = found;
      return found;
    }
    for (const n of this.nodes) {
      const info = await redisInfo(n, 'replication').catch(() => null);
      if (info?.role === 'master') return (this.primary = n);
    }
    return this.nodes[0]!;
  }

  private async write(op: core.Invocation, w: kv.KvWrite, signal: AbortSignal): Completing {
    const { key, value } = w;
    const primary = await this.findPrimary();
    // Nothing was sent: a definite fail.
    if (primary instanceof Error)
      return { type: 'fail', value: op.value, error: `no primary: ${primary.message}` };
    const r = await this.conn(primary);
    if (typeof r === 'string') {
      this.primary = null;
      return { type: 'fail', value: op.value, node: primary.id, error: r };
    }
    const set = await kv.raceAbort(r.set(key, String(value)), signal);
    const base = { value: op.value, node: primary.id };
    if (set.kind !== 'done') this.primary = null;
    if (set.kind === 'aborted') return { type: 'info', ...base, error: 'timeout' };
    if (set.kind === 'error') {
      const error = kv.errorText(set.error);
      return { type: isReplyError(set.error) ? 'fail' : 'info', ...base, error };
    }
    const want = this.opts.waitReplicas;
    if (want === 0) return { type: 'ok', ...base };
    const wait = await kv.raceAbort(r.call('WAIT', want, this.opts.waitTimeoutMs), signal);
    // The write is on the primary either way; the replication asked for is what is unknown.
    if (wait.kind !== 'done')
      return {
        type: 'info',
        ...base,
        error: wait.kind === 'aborted' ? 'WAIT: timeout' : kv.errorText(wait.error),
      };
    const acked = Number(wait.value);
    if (acked < want)
      return { type: 'info', ...base, error: `WAIT: ${acked} of ${want} replicas acknowledged` };
    return { type: 'ok', ...base, version: acked };
  }

  async close(): Promise<void> {
    for (const r of this.conns.values()) r.disconnect();
    this.conns.clear();
  }
}

export function redisClients(opts: RedisClientOptions): core.ClientFactory {
  return {
    open: async (process, nodes) => new RedisSession(process, nodes, opts, opts.rng.fork()),
  };
}
