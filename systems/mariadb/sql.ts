// Connections to MariaDB through the official connector (npm "mariadb"),
// and what an error of one statement says about its effect: a reply error
// from the server means the statement did not take effect (a deadlock or
// certification failure rolls the transaction back; a Galera node outside
// the primary component refuses before executing), except the few that
// arrive while a commit may already have happened. A broken or timed-out
// connection after the statement was sent leaves its outcome unknown.
import type { Connection } from 'mariadb';
import type { NodeInfo } from '../../core/cluster.ts';
import { errorText } from '../../workloads/kv-ops.ts';

export const CONNECT_TIMEOUT_MS = 1000;
/** Setup and status queries; a run's ops have their own timeout. */
const ADMIN_QUERY_TIMEOUT_MS = 5000;

export type Row = Readonly<Record<string, unknown>>;

export interface ConnectOptions {
  /** SET SESSION variables applied on connect (e.g. wsrep_sync_wait). */
  readonly sessionVariables?: Readonly<Record<string, number | string>>;
  readonly connectTimeoutMs?: number;
  /** Closes a connection that waits this long for a reply (admin queries only). */
  readonly socketTimeoutMs?: number;
}

/** A connection as root (no password: the data dir was made with normal root authentication). */
export async function connect(node: NodeInfo, opts: ConnectOptions = {}): Promise<Connection> {
  const { createConnection } = await import('mariadb');
  return createConnection({
    host: node.host,
    port: node.port,
    user: 'root',
    connectTimeout: opts.connectTimeoutMs ?? CONNECT_TIMEOUT_MS,
    bigIntAsNumber: true,
    ...(opts.socketTimeoutMs ? { socketTimeout: opts.socketTimeoutMs } : {}),
    ...(opts.sessionVariables ? { sessionVariables: { ...opts.sessionVariables } } : {}),
  });
}

/** One statement on a fresh connection (setup, status, lag); rows as plain objects. */
export async function sqlQuery(
  node: NodeInfo,
  sql: string,
  params: unknown[] = [],
): Promise<Row[]> {
  const c = await connect(node, { socketTimeoutMs: ADMIN_QUERY_TIMEOUT_MS });
  try {
    const out: unknown = await c.query(sql, params);
    return Array.isArray(out) ? (out as Row[]) : [];
  } finally {
    await close(c);
  }
}

/** Statements in order on one fresh connection (session settings carry over); each one's rows. */
export async function sqlSession(node: NodeInfo, statements: readonly string[]): Promise<Row[][]> {
  const c = await connect(node, { socketTimeoutMs: ADMIN_QUERY_TIMEOUT_MS });
  try {
    const out: Row[][] = [];
    for (const sql of statements) {
      const rows: unknown = await c.query(sql);
      out.push(Array.isArray(rows) ? (rows as Row[]) : []);
    }
    return out;
  } finally {
    await close(c);
  }
}

/** Says goodbye (COM_QUIT), so the server does not log an aborted connection; destroys it if that fails. */
async function close(c: Connection): Promise<void> {
  await c.end().catch(() => c.destroy());
}

/** SHOW STATUS / SHOW VARIABLES rows as a name → value map. */
export async function sqlStatus(node: NodeInfo, sql: string): Promise<Map<string, string>> {
  const rows = await sqlQuery(node, sql);
  return new Map(rows.map((r) => [String(r.Variable_name), String(r.Value)]));
}

/** Server errors that may come after the commit happened (shutdown, a killed connection, a failed commit). */
const UNKNOWN_SERVER_ERRNOS = new Set([1053, 1158, 1159, 1160, 1161, 1180, 1927, 2006, 2013]);
/** The connector numbers its own errors (socket closed, timeouts) from 45000. */
const DRIVER_ERRNO_MIN = 45000;

export type StatementError = {
  /** refused: certainly without effect; unknown: it may have taken effect. */
  readonly kind: 'refused' | 'unknown';
  /** "1213 ER_LOCK_DEADLOCK: Deadlock found ..." */
  readonly text: string;
};

/** What an error of a statement already sent says about its effect. */
export function statementError(err: unknown): StatementError {
  const e = err as { errno?: unknown; code?: unknown; sqlMessage?: unknown };
  const errno = typeof e.errno === 'number' ? e.errno : null;
  const message = typeof e.sqlMessage === 'string' ? e.sqlMessage : errorText(err);
  const text =
    `${errno ?? ''} ${typeof e.code === 'string' ? e.code : 'connection'}: ${message}`.trim();
  const fromServer =
    errno !== null && errno < DRIVER_ERRNO_MIN && !UNKNOWN_SERVER_ERRNOS.has(errno);
  return { kind: fromServer ? 'refused' : 'unknown', text };
}
