// Binlog replication between MariaDB primaries: who replicates from whom
// (--mariadb-topology), the CHANGE MASTER statement of each link (a named
// connection per source, dialing that link's proxy), and the GTID positions
// that tell whether every node has applied every other's writes. Each
// server writes in its own GTID domain (domain = server id), so positions of
// one domain are comparable across nodes.
import type { Topology } from './options.ts';

/** For each node, the nodes it replicates from: circular, n_i from n_(i-1); all-to-all, from every other. */
export function replicationSources(
  ids: readonly string[],
  topology: Topology,
): Map<string, string[]> {
  const out = new Map<string, string[]>();
  ids.forEach((id, i) => {
    if (ids.length < 2) out.set(id, []);
    else if (topology === 'circular') out.set(id, [ids[(i + ids.length - 1) % ids.length]!]);
    else
      out.set(
        id,
        ids.filter((x) => x !== id),
      );
  });
  return out;
}

/** Seconds without a byte from a source before its replica reconnects (heartbeats come every half). */
export const SLAVE_NET_TIMEOUT_S = 4;

/** The named connection that replicates from `source` through the given loopback port. */
export function changeMasterSql(source: string, port: number): string {
  return (
    `CHANGE MASTER '${source}' TO MASTER_HOST='127.0.0.1', MASTER_PORT=${port}, ` +
    "MASTER_USER='root', MASTER_PASSWORD='', MASTER_USE_GTID=slave_pos, MASTER_CONNECT_RETRY=1"
  );
}

/** "0-1-5,2-2-7" (domain-server-seq) → domain → seq. */
export function parseGtidPos(pos: string): Map<number, number> {
  const out = new Map<number, number>();
  for (const part of pos.split(',')) {
    const t = part.trim();
    if (t === '') continue;
    const m = /^(\d+)-(\d+)-(\d+)$/.exec(t);
    if (!m) throw new Error(`not a GTID position: ${JSON.stringify(pos)}`);
    out.set(Number(m[1]), Number(m[3]));
  }
  return out;
}

/** Per node, how many transactions it lacks summed over domains (the newest node per domain sets the bar). */
export function gtidLag(positions: readonly ReadonlyMap<number, number>[]): number[] {
  const top = new Map<number, number>();
  for (const p of positions) for (const [d, s] of p) top.set(d, Math.max(top.get(d) ?? 0, s));
  return positions.map((p) => {
    let behind = 0;
    for (const [d, s] of top) behind += s - (p.get(d) ?? 0);
    return behind;
  });
}

/** One replication connection as SHOW ALL SLAVES STATUS reports it. */
export interface LinkStatus {
  readonly connection: string;
  readonly io: string;
  readonly sql: string;
  readonly sqlErrno: number;
  readonly sqlError: string;
  readonly ioError: string;
}

export function linkStatus(row: Readonly<Record<string, unknown>>): LinkStatus {
  return {
    connection: String(row.Connection_name ?? ''),
    io: String(row.Slave_IO_Running ?? ''),
    sql: String(row.Slave_SQL_Running ?? ''),
    sqlErrno: Number(row.Last_SQL_Errno ?? 0),
    sqlError: String(row.Last_SQL_Error ?? ''),
    ioError: String(row.Last_IO_Error ?? ''),
  };
}

/** A link whose applier stopped on an error: it will not catch up by waiting. */
export function stoppedByError(s: LinkStatus): boolean {
  return s.sql !== 'Yes' && s.sqlErrno !== 0;
}
