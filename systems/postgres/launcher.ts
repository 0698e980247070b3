// PostgreSQL (Debian's postgresql) as a primary (n1) and hot standbys with
// streaming replication. PostgreSQL refuses to run as root, so every server
// and tool runs as the package's `postgres` user in data dirs it owns. Each
// standby's primary_conninfo dials its own link proxy to the primary, so a
// partition cuts exactly that WAL stream.
import { execFile } from 'node:child_process';
import { chownSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { pgQuery } from './client.ts';
import type {
  ServerCommand,
  ServerContext,
  ServerLauncher,
  ServerNode,
} from '../../core/launcher.ts';
import { LOOPBACK } from '../../kit/ports.ts';
import { postgresBinDir } from './installed.ts';

const run = promisify(execFile);

export const SYNC_COMMIT_LEVELS = ['off', 'local', 'on', 'remote_write', 'remote_apply'] as const;
export type SyncCommit = (typeof SYNC_COMMIT_LEVELS)[number];

export interface PostgresOptions {
  /** synchronous_commit on the primary [default: on]. */
  readonly syncCommit?: SyncCommit;
  /** How many standbys a commit waits for (ANY k of all) [default: every standby]. */
  readonly syncStandbys?: number;
  /** recovery_min_apply_delay on the standbys: a slow standby, made certain [default: 0]. */
  readonly applyDelayMs?: number;
}

const READY_TIMEOUT_MS = 30_000;
const STREAM_TIMEOUT_MS = 30_000;

/** uid and gid of a local user, from /etc/passwd. */
export function userIds(name: string): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${name}:`));
  if (line === undefined)
    throw new Error(
      `no user ${JSON.stringify(name)}: PostgreSQL must run as a non-root user; apt-get install postgresql creates "postgres"`,
    );
  const f = line.split(':');
  return { uid: Number(f[2]), gid: Number(f[3]) };
}

const direct = (port: number) => ({ id: 'direct', host: LOOPBACK, port });

async function waitStreaming(ctx: ServerContext): Promise<void> {
  const want = ctx.nodes.length - 1;
  let waitedMs = 0;
  for (;;) {
    const rows = await pgQuery(
      direct(ctx.nodes[0]!.serverPort),
      "SELECT count(*) AS n FROM pg_stat_replication WHERE state = 'streaming'",
    ).catch(() => null);
    if (rows !== null && Number(rows[0]?.n) >= want) return;
    if (waitedMs > STREAM_TIMEOUT_MS)
      throw new Error(
        `postgres standbys were not streaming after ${STREAM_TIMEOUT_MS} ms (logs: ${ctx.runDir}/nodes)`,
      );
    await sleep(100);
    waitedMs += 100;
  }
}

/** One server's command line: a primary, or a standby streaming from n1 through its link proxy. */
function serverCommand(
  node: ServerNode,
  ctx: ServerContext,
  opts: PostgresOptions,
  bin: string | null,
  asPg: { uid: number; gid: number },
): ServerCommand {
  const primary = ctx.nodes[0]!;
  const settings: Record<string, string> = {
    listen_addresses: LOOPBACK,
    unix_socket_directories: node.dataDir,
    wal_level: 'replica',
    max_wal_senders: '10',
    hot_standby: 'on',
    // Our tests crash processes, not machines: the page cache survives a SIGKILL.
    fsync: 'off',
    synchronous_commit: opts.syncCommit ?? 'on',
    wal_receiver_status_interval: '1s',
  };
  if (node.id !== primary.id) {
    settings.primary_conninfo = `host=${LOOPBACK} port=${ctx.proxyPort(node.id, primary.id)} user=postgres application_name=${node.id}`;
    settings.recovery_min_apply_delay = `${opts.applyDelayMs ?? 0}ms`;
  }
  const args = ['-D', node.dataDir, '-p', String(node.serverPort)];
  for (const [key, value] of Object.entries(settings)) args.push('-c', `${key}=${value}`);
  return {
    command: join(bin ?? '/usr/lib/postgresql/15/bin', 'postgres'),
    args,
    env: node.clockEnv,
    ...asPg,
    cwd: ctx.tmpDir,
    ready: async () => (await pgQuery(direct(node.serverPort), 'SELECT 1 AS one'))[0]?.one === 1,
    readyTimeoutMs: READY_TIMEOUT_MS,
  };
}

export function postgresLauncher(opts: PostgresOptions = {}): ServerLauncher {
  const bin = postgresBinDir();
  const user = userIds('postgres');
  const asPg = { uid: user.uid, gid: user.gid };
  const tool = (name: string, args: readonly string[]) => {
    if (bin === null) throw new Error('PostgreSQL is not installed: apt-get install postgresql');
    return run(join(bin, name), [...args], { ...asPg, env: { PATH: process.env.PATH ?? '' } });
  };
  return {
    kind: 'server',
    name: 'postgres',
    separatePeerPort: false,
    clockNote: {
      works: true,
      detail: 'libfaketime preloaded into every postgres process (time through libc)',
    },
    async prepare(ctx) {
      // The data dirs live under a folder the postgres user must be able to enter.
      chownSync(ctx.tmpDir, user.uid, user.gid);
      await tool('initdb', [
        '-D',
        ctx.nodes[0]!.dataDir,
        '-A',
        'trust',
        '-U',
        'postgres',
        '--no-sync',
        '-E',
        'UTF8',
        '--locale',
        'C',
      ]);
    },
    async beforeFirstStart(node, ctx) {
      const primary = ctx.nodes[0]!;
      if (node.id === primary.id) return;
      await tool('pg_basebackup', [
        '-h',
        LOOPBACK,
        '-p',
        String(primary.serverPort),
        '-U',
        'postgres',
        '-D',
        node.dataDir,
        '-X',
        'stream',
        '-R',
        '--no-sync',
      ]);
    },
    launch: (node, ctx) => serverCommand(node, ctx, opts, bin, asPg),
    async afterUp(ctx) {
      await waitStreaming(ctx);
      // Set through ALTER SYSTEM, not -c, so a promoted standby does not inherit it
      // and a failover tool can change it at run time, as on a real primary.
      const standbys = ctx.nodes.slice(1).map((n) => n.id);
      const k = Math.min(opts.syncStandbys ?? standbys.length, standbys.length);
      const names = k > 0 ? `ANY ${k} (${standbys.join(', ')})` : '';
      const primary = direct(ctx.nodes[0]!.serverPort);
      await pgQuery(primary, `ALTER SYSTEM SET synchronous_standby_names = '${names}'`);
      await pgQuery(primary, 'SELECT pg_reload_conf()');
    },
  };
}
