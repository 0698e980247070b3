// MariaDB (Debian's mariadb-server) as n primaries with binlog replication
// between them: every node takes writes, writes its binlog in its own GTID
// domain, logs what it applies (log_slave_updates, so a ring forwards), and
// hands out auto-increment values no other node uses. Each replication
// connection dials that link's proxy (CHANGE MASTER ... MASTER_PORT), so a
// partition cuts exactly one binlog stream, as for our store.
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { NodeInfo } from '../../core/cluster.ts';
import type { ServerContext, ServerLauncher, ServerNode } from '../../core/launcher.ts';
import { LOOPBACK } from '../../kit/ports.ts';
import { CREATE_DATABASE, CREATE_TABLE } from './table.ts';
import type { MariadbOptions } from './options.ts';
import {
  changeMasterSql,
  linkStatus,
  replicationSources,
  SLAVE_NET_TIMEOUT_S,
  stoppedByError,
} from './replication.ts';
import {
  MARIADBD,
  baseArgs,
  copyDataDir,
  installDataDir,
  mysqlUser,
  openFolder,
} from './server.ts';
import { sqlQuery, sqlSession } from './sql.ts';

const READY_TIMEOUT_MS = 60_000;
const LINKS_TIMEOUT_MS = 30_000;
const POLL_MS = 200;

const direct = (n: ServerNode): NodeInfo => ({ id: n.id, host: LOOPBACK, port: n.serverPort });

/** Server flags of node i (1-based) of n: identity, binlog, GTID domain, auto-increment slice. */
export function replicationArgs(
  i: number,
  n: number,
  dataDir: string,
  opts: MariadbOptions,
): string[] {
  return [
    `--server-id=${i}`,
    `--gtid-domain-id=${i}`,
    `--log-bin=${join(dataDir, 'binlog')}`,
    `--relay-log=${join(dataDir, 'relay')}`,
    `--binlog-format=${opts.binlogFormat.toUpperCase()}`,
    '--log-slave-updates',
    // All-to-all with log_slave_updates hears each transaction from several
    // sources: apply the first copy of a GTID, skip the rest.
    '--gtid-ignore-duplicates',
    `--auto-increment-increment=${n}`,
    `--auto-increment-offset=${i}`,
    `--slave-net-timeout=${SLAVE_NET_TIMEOUT_S}`,
  ];
}

/** Waits until every replication connection runs both threads; an applier stopped by an error fails at once. */
async function waitLinksUp(ctx: ServerContext, expected: number): Promise<void> {
  let waitedMs = 0;
  let last = '';
  for (;;) {
    let running = 0;
    for (const n of ctx.nodes) {
      const rows = await sqlQuery(direct(n), 'SHOW ALL SLAVES STATUS').catch(() => []);
      for (const s of rows.map(linkStatus)) {
        if (stoppedByError(s))
          throw new Error(`${n.id} replication from ${s.connection} stopped: ${s.sqlError}`);
        if (s.io === 'Yes' && s.sql === 'Yes') running++;
        else last = `${n.id} from ${s.connection}: io ${s.io} ${s.ioError}`;
      }
    }
    if (running >= expected) return;
    if (waitedMs > LINKS_TIMEOUT_MS)
      throw new Error(
        `mariadb replication: ${running} of ${expected} links running after ${LINKS_TIMEOUT_MS} ms (${last}; logs: ${ctx.runDir}/nodes)`,
      );
    await sleep(POLL_MS);
    waitedMs += POLL_MS;
  }
}

export function mariadbLauncher(opts: MariadbOptions): ServerLauncher {
  const template = { dir: '' };
  return {
    kind: 'server',
    name: 'mariadb',
    separatePeerPort: false,
    clockNote: {
      works: true,
      detail:
        'libfaketime preloaded into every mariadbd (NOW(), SYSDATE() and timestamps through libc)',
    },
    async prepare(ctx) {
      mysqlUser();
      openFolder(ctx.tmpDir);
      template.dir = join(ctx.tmpDir, 'template');
      await installDataDir(template.dir);
    },
    async beforeFirstStart(node) {
      copyDataDir(template.dir, node.dataDir);
    },
    launch(node, ctx) {
      const i = ctx.nodes.indexOf(node) + 1;
      return {
        command: MARIADBD,
        args: [
          ...baseArgs({ dataDir: node.dataDir, port: node.serverPort, bindAddress: LOOPBACK }),
          ...replicationArgs(i, ctx.nodes.length, node.dataDir, opts),
        ],
        env: node.clockEnv,
        cwd: ctx.tmpDir,
        ready: async () => (await sqlQuery(direct(node), 'SELECT 1 AS one'))[0]?.one === 1,
        readyTimeoutMs: READY_TIMEOUT_MS,
      };
    },
    async afterUp(ctx) {
      const sources = replicationSources(
        ctx.nodes.map((n) => n.id),
        opts.topology,
      );
      let links = 0;
      for (const n of ctx.nodes) {
        // Each node makes the table itself, outside the binlog: no GTID to wait for, no DDL race.
        await sqlSession(direct(n), ['SET SESSION sql_log_bin = 0', CREATE_DATABASE, CREATE_TABLE]);
        for (const src of sources.get(n.id) ?? []) {
          await sqlQuery(direct(n), changeMasterSql(src, ctx.proxyPort(n.id, src)));
          links++;
        }
        await sqlQuery(direct(n), 'START ALL SLAVES');
      }
      await waitLinksUp(ctx, links);
    },
  };
}
