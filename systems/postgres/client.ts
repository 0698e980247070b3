// The kv workload's client for PostgreSQL (pg): a table kv(k, v); a write is
// one autocommit upsert on the primary, a read one SELECT (one snapshot, so a
// multi-key read is consistent) on the node the read policy picks. Errors
// map honestly: an SQL error the server raised is a definite fail; a write
// whose connection broke or timed out after it was sent is info, and so is a
// commit that PostgreSQL says was "already committed locally" while waiting
// for synchronous replication.
import type pg from 'pg';
import { lazyPackage } from '../../core/lazy-package.ts';
import type * as core from '../../core/client.ts';
import type { NodeInfo } from '../../core/cluster.ts';
import type { Rng } from '../../core/rng.ts';
import * as kv from '../../workloads/kv-ops.ts';
import { targetReadNode } from '../target-reads.ts';

/** An op's run: how it ended, once it has. */
type Completing = Promise<core.Completion>;

const CONNECT_TIMEOUT_MS = 1000;

const postgres = lazyPackage<typeof pg>('pg');

export const CREATE_TABLE = 'CREATE TABLE IF NOT EXISTS kv (k text PRIMARY KEY, v bigint NOT NULL)';
const UPSERT = 'INSERT INTO kv (k, v) VALUES ($1, $2) ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v';
const SELECT = 'SELECT k, v FROM kv WHERE k = ANY($1)';

function connection(node: NodeInfo): pg.Client {
  const c = new (postgres().Client)({
    host: node.host,
    port: node.port,
    user: 'postgres',
    database: 'postgres',
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
  });
  // Failures surface on the queries; an unhandled 'error' event would crash the controller.
  c.on('error', () => {});
  return c;
}

/** One query on a fresh connection (setup, readiness, lag); rows as plain objects. */
export async function pgQuery(
  node: NodeInfo,
  sql: string,
  params: unknown[] = [],
): Promise<Record<string, unknown>[]> {
  const c = connection(node);
  try {
    await c.connect();
    return (await c.query(sql, params)).rows as Record<string, unknown>[];
  } finally {
    await c.end().catch(() => {});
  }
}

/** Promotes a hot standby to primary (failover). */
export async function promote(node: NodeInfo): Promise<void> {
  await pgQuery(node, 'SELECT pg_promote(true, 30)');
}

/** The server answered with an SQL error: the statement did not take effect. */
function sqlState(err: unknown): string | null {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : null;
}

/** SQLSTATE classes whose outcome is unknown: connection exceptions, shutdowns, crashes. */
const UNKNOWN_CLASSES = ['08', '57'];

export interface PostgresClientOptions {
  readonly readFrom: string;
  readonly rng: Rng;
}

class PostgresSession implements core.Client {
  private readonly conns = new Map<string, pg.Client>();
  private primary: NodeInfo | null = null;
  private notices: string[] = [];

  constructor(
    private readonly process: number,
    private readonly nodes: readonly NodeInfo[],
    private readonly opts: PostgresClientOptions,
    private readonly rng: Rng,
    private readonly setup: () => Promise<void>,
  ) {}

  private async conn(node: NodeInfo): Promise<pg.Client | string> {
    const have = this.conns.get(node.id);
    if (have) return have;
    const c = connection(node);
    c.on('notice', (n) => this.notices.push(`${n.message ?? ''} ${n.detail ?? ''}`));
    c.on('end', () => this.conns.get(node.id) === c && this.conns.delete(node.id));
    try {
      await c.connect();
    } catch (err) {
      await c.end().catch(() => {});
      return `connect to ${node.id}: ${kv.errorText(err)}`;
    }
    this.conns.set(node.id, c);
    return c;
  }

  private drop(node: NodeInfo): void {
    const c = this.conns.get(node.id);
    this.conns.delete(node.id);
    c?.end().catch(() => {});
  }

  /** The node not in recovery; asked again after a failover. */
  private async findPrimary(): Promise<NodeInfo | null> {
    if (this.primary) return this.primary;
    for (const n of this.nodes) {
      const rows = await pgQuery(n, 'SELECT pg_is_in_recovery() AS r').catch(() => null);
      if (rows?.[0]?.r === false) return (this.primary = n);
    }
    return null;
  }

  async invoke(op: core.Invocation, ctx: core.InvokeContext): Promise<core.Completion> {
    const req = kv.kvRequest(op);
    if (!kv.isRequest(req)) return req;
    await this.setup().catch(() => {});
    if (req.kind === 'write') return this.write(op, req, ctx.signal);
    const node = op.node
      ? this.nodes.find((n) => n.id === op.node)
      : targetReadNode(this.opts.readFrom, this.process, this.nodes, this.rng);
    if (!node) return { type: 'fail', value: op.value, error: `no node ${op.node}` };
    const c = await this.conn(node);
    if (typeof c === 'string') return { type: 'fail', value: op.value, node: node.id, error: c };
    const out = await kv.raceAbort(c.query(SELECT, [req.keys]), ctx.signal);
    // A read has no effect, so any failure, even an unknown one, is a fail.
    if (out.kind !== 'done') {
      this.drop(node);
      const error = out.kind === 'aborted' ? 'timeout' : kv.errorText(out.error);
      return { type: 'fail', value: op.value, node: node.id, error };
    }
    const values = new Map<string, number | null>();
    for (const row of out.value.rows as { k: string; v: unknown }[])
      values.set(row.k, kv.parseIntValue(row.v));
    return kv.readOk(req.keys, values, node.id);
  }

  private async write(op: core.Invocation, w: kv.KvWrite, signal: AbortSignal): Completing {
    const { key, value } = w;
    const node = await this.findPrimary();
    if (node === null) return { type: 'fail', value: op.value, error: 'no primary reachable' };
    const c = await this.conn(node);
    const base = { value: op.value, node: node.id };
    if (typeof c === 'string') {
      this.primary = null;
      return { type: 'fail', ...base, error: c };
    }
    this.notices = [];
    const out = await kv.raceAbort(c.query(UPSERT, [key, value]), signal);
    if (out.kind === 'aborted') {
      this.drop(node);
      return { type: 'info', ...base, error: 'timeout' };
    }
    if (out.kind === 'error') {
      const code = sqlState(out.error);
      const error = `${code ?? 'connection'}: ${kv.errorText(out.error)}`;
      if (code === '25006') this.primary = null; // read-only: this node is a standby now
      if (code === null || UNKNOWN_CLASSES.includes(code.slice(0, 2))) {
        this.drop(node);
        this.primary = null;
        return { type: 'info', ...base, error };
      }
      return { type: 'fail', ...base, error };
    }
    const local = this.notices.find((n) => n.includes('committed locally'));
    if (local) return { type: 'info', ...base, error: local };
    return { type: 'ok', ...base };
  }

  async close(): Promise<void> {
    for (const n of [...this.conns.keys()]) this.drop(this.nodes.find((x) => x.id === n)!);
  }
}

export function postgresClients(opts: PostgresClientOptions): core.ClientFactory {
  let setup: Promise<void> | null = null;
  return {
    open: async (process, nodes) => {
      // One CREATE TABLE for all sessions: concurrent ones can collide in the catalog.
      const once = () =>
        (setup ??= pgQuery(nodes[0]!, CREATE_TABLE).then(
          () => {},
          (err: unknown) => {
            setup = null;
            throw err;
          },
        ));
      return new PostgresSession(process, nodes, opts, opts.rng.fork(), once);
    },
  };
}
