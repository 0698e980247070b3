// The kv workload's client for MariaDB and Galera, where every node is a
// primary: a session writes to its own node (nodes[process % n], --mariadb-
// write-to sticky) or to any node, and reads where --read-from says. A write
// is one autocommit upsert, a read one SELECT (one snapshot). Final reads
// also return each key's row as stored (version and function results), so
// the convergence checker can name replicas that agree on the version but
// not on the value. Errors map as for the other real targets: no connection
// is a fail (nothing was sent), a server error is a fail, a lost or
// timed-out connection after sending is info; any failed read is a fail.
import type { Connection } from 'mariadb';
import type {
  Client,
  ClientFactory,
  Completion,
  Invocation,
  InvokeContext,
} from '../../core/client.ts';
import type { NodeInfo } from '../../core/cluster.ts';
import type { Rng } from '../../core/rng.ts';
import {
  errorText,
  isRequest,
  kvRequest,
  parseIntValue,
  raceAbort,
  readOk,
} from '../../workloads/kv-ops.ts';
import type { SqlClientOptions } from './options.ts';
import { connect, sqlQuery, statementError } from './sql.ts';
import {
  CREATE_DATABASE,
  CREATE_TABLE,
  selectSql,
  storedOf,
  upsertSql,
  type Row,
} from './table.ts';

export interface MariaClientOptions extends SqlClientOptions {
  readonly readFrom: string;
  readonly rng: Rng;
}

/** The session's own node: where it writes with --mariadb-write-to sticky. */
export function homeNode(process: number, nodes: readonly NodeInfo[]): NodeInfo {
  return nodes[process % nodes.length]!;
}

/** Where a read goes: its own node (sticky), any node, or any node but its own (others). */
export function readNode(
  policy: string,
  process: number,
  nodes: readonly NodeInfo[],
  rng: Rng,
): NodeInfo {
  const home = homeNode(process, nodes);
  if (policy === 'any') return rng.pick(nodes);
  if (policy === 'others' && nodes.length > 1) return rng.pick(nodes.filter((n) => n !== home));
  return home;
}

class MariaSession implements Client {
  private readonly conns = new Map<string, Connection>();

  constructor(
    private readonly process: number,
    private readonly nodes: readonly NodeInfo[],
    private readonly opts: MariaClientOptions,
    private readonly rng: Rng,
  ) {}

  private async conn(node: NodeInfo): Promise<Connection | string> {
    const have = this.conns.get(node.id);
    if (have) return have;
    const vars = this.opts.syncWait !== undefined ? { wsrep_sync_wait: this.opts.syncWait } : null;
    try {
      const c = await connect(node, vars ? { sessionVariables: vars } : {});
      c.on('error', () => this.conns.get(node.id) === c && this.conns.delete(node.id));
      this.conns.set(node.id, c);
      return c;
    } catch (err) {
      return `connect to ${node.id}: ${errorText(err)}`;
    }
  }

  private drop(node: NodeInfo): void {
    const c = this.conns.get(node.id);
    this.conns.delete(node.id);
    c?.destroy();
  }

  private named(op: Invocation): NodeInfo | undefined {
    return op.node === undefined ? undefined : this.nodes.find((n) => n.id === op.node);
  }

  async invoke(op: Invocation, ctx: InvokeContext): Promise<Completion> {
    const req = kvRequest(op);
    if (!isRequest(req)) return req;
    if (op.node !== undefined && this.named(op) === undefined)
      return { type: 'fail', value: op.value, error: `no node ${op.node}` };
    if (req.kind === 'write') {
      const node =
        this.named(op) ??
        (this.opts.writeTo === 'any'
          ? this.rng.pick(this.nodes)
          : homeNode(this.process, this.nodes));
      return this.write(op, node, req.key, req.value, ctx.signal);
    }
    const node = this.named(op) ?? readNode(this.opts.readFrom, this.process, this.nodes, this.rng);
    return this.read(op, node, req.keys, ctx.signal);
  }

  private async write(
    op: Invocation,
    node: NodeInfo,
    key: string,
    value: number,
    signal: AbortSignal,
  ): Promise<Completion> {
    const base = { value: op.value, node: node.id };
    const c = await this.conn(node);
    if (typeof c === 'string') return { type: 'fail', ...base, error: c };
    const out = await raceAbort(c.query(upsertSql(this.opts.functions), [key, value]), signal);
    if (out.kind === 'done') return { type: 'ok', ...base };
    if (out.kind === 'aborted') {
      this.drop(node);
      return { type: 'info', ...base, error: 'timeout' };
    }
    const e = statementError(out.error);
    if (e.kind === 'unknown' || (out.error as { fatal?: unknown }).fatal === true) this.drop(node);
    return { type: e.kind === 'refused' ? 'fail' : 'info', ...base, error: e.text };
  }

  private async read(
    op: Invocation,
    node: NodeInfo,
    keys: readonly string[],
    signal: AbortSignal,
  ): Promise<Completion> {
    const c = await this.conn(node);
    if (typeof c === 'string') return { type: 'fail', value: op.value, node: node.id, error: c };
    const fns = this.opts.functions;
    const out = await raceAbort(c.query(selectSql(keys.length, fns), [...keys]), signal);
    // A read has no effect, so any failure, even an unknown one, is a fail.
    if (out.kind !== 'done') {
      const error = out.kind === 'aborted' ? 'timeout' : statementError(out.error).text;
      if (out.kind === 'aborted' || (out.error as { fatal?: unknown }).fatal === true)
        this.drop(node);
      return { type: 'fail', value: op.value, node: node.id, error };
    }
    const rows = (Array.isArray(out.value) ? out.value : []) as Row[];
    const values = new Map<string, number | null>();
    const stored: Record<string, unknown> = {};
    for (const row of rows) {
      values.set(String(row.k), parseIntValue(row.v));
      stored[String(row.k)] = storedOf(row, fns);
    }
    const done = readOk(keys, values, node.id);
    return op.f === 'final-read' && fns.length > 0 ? { ...done, stored } : done;
  }

  async close(): Promise<void> {
    for (const id of [...this.conns.keys()]) this.drop(this.nodes.find((n) => n.id === id)!);
  }
}

/** Creates the database and table on the first node (once; a missing table then shows in the ops). */
export async function createSchema(node: NodeInfo): Promise<void> {
  await sqlQuery(node, CREATE_DATABASE);
  await sqlQuery(node, CREATE_TABLE);
}

export function mariaClients(opts: MariaClientOptions): ClientFactory {
  let setup: Promise<void> | null = null;
  return {
    open: async (process, nodes) => {
      // Local clusters have the table already; an external one gets it here.
      await (setup ??= createSchema(nodes[0]!).catch(() => {}));
      return new MariaSession(process, nodes, opts, opts.rng.fork());
    },
  };
}
