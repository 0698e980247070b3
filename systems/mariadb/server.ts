// Debian's mariadbd as a process of ours: where the binaries are, one data
// dir made by mariadb-install-db and copied per node (installing takes
// seconds, copying 20 MB does not), and the flags every node runs with.
// mariadbd refuses to run as root unless told to; it starts as root and
// switches to the package's mysql user (--user=mysql), which owns the data
// dirs, so that Galera's rsync state transfer (a daemon that drops root) can
// write into them too.
import { execFile } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  readdirSync,
  readFileSync,
  statSync,
} from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const MARIADBD = '/usr/sbin/mariadbd';
export const INSTALL_DB = '/usr/bin/mariadb-install-db';
export const GALERA_PROVIDER = '/usr/lib/galera/libgalera_smm.so';
const USER = 'mysql';

/** Small InnoDB files: a test cluster holds a few hundred rows, and install and copy stay fast. */
const INNODB = ['--innodb-buffer-pool-size=32M', '--innodb-log-file-size=8M'];

/** uid and gid of the mysql user, from /etc/passwd. */
export function mysqlUser(): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${USER}:`));
  if (line === undefined)
    throw new Error(
      'no user "mysql": mariadbd runs as it; apt-get install mariadb-server creates it',
    );
  const f = line.split(':');
  return { uid: Number(f[2]), gid: Number(f[3]) };
}

/** Makes a data dir with the system tables (root without a password), owned by mysql. */
export async function installDataDir(dir: string): Promise<void> {
  if (!existsSync(INSTALL_DB))
    throw new Error(`${INSTALL_DB} not found: apt-get install mariadb-server`);
  try {
    await run(INSTALL_DB, [
      '--no-defaults',
      `--datadir=${dir}`,
      `--user=${USER}`,
      '--auth-root-authentication-method=normal',
      '--skip-test-db',
      ...INNODB,
    ]);
  } catch (err) {
    const e = err as { stderr?: string; stdout?: string; message: string };
    throw new Error(
      `mariadb-install-db failed for ${dir}: ${(e.stderr || e.stdout || e.message).trim().slice(-2000)}`,
    );
  }
}

/** A copy of the installed template for one node, owned by mysql. */
export function copyDataDir(template: string, dir: string): void {
  cpSync(template, dir, { recursive: true, preserveTimestamps: true });
  const { uid, gid } = mysqlUser();
  chownTree(dir, uid, gid);
}

/** cpSync keeps modes, not owners: the copy belongs to root until chowned. */
function chownTree(p: string, uid: number, gid: number): void {
  chownSync(p, uid, gid);
  if (!statSync(p).isDirectory()) return;
  for (const name of readdirSync(p)) chownTree(join(p, name), uid, gid);
}

/** Lets the mysql user reach data dirs under a folder root created 0700. */
export function openFolder(dir: string): void {
  chmodSync(dir, 0o755);
}

export interface ServerPlace {
  readonly dataDir: string;
  readonly port: number;
  readonly bindAddress: string;
}

/** Flags every node runs with, whatever replicates it. */
export function baseArgs(p: ServerPlace): string[] {
  return [
    '--no-defaults',
    `--datadir=${p.dataDir}`,
    `--socket=${socketPath(p.dataDir)}`,
    `--pid-file=${p.dataDir}/mysqld.pid`,
    `--port=${p.port}`,
    `--bind-address=${p.bindAddress}`,
    `--user=${USER}`,
    '--skip-name-resolve',
    ...INNODB,
    // Our tests crash processes, not machines: the page cache survives a SIGKILL,
    // so a commit written (not flushed) at commit time is not lost by a kill.
    '--innodb-flush-log-at-trx-commit=2',
    '--sync-binlog=0',
    '--max-connections=1000',
  ];
}

/** The node's unix socket, in its data dir. */
export function socketPath(dataDir: string): string {
  return `${dataDir}/mysqld.sock`;
}
