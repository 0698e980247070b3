// Per-link partitions for Galera: one private network namespace per
// cluster, each node on its own loopback address (127.0.1.i), and iptables
// DROP rules by source and destination address inside that namespace.
//
// Why not the link proxies the other systems use: a Galera node (gcomm)
// listens on one address that it also advertises, every other member dials
// exactly that address, and members gossip each other's listen addresses;
// state transfers (IST, rsync SST) dial the joiner's advertised address too.
// There is no separate advertise setting to point at a proxy, and a
// demultiplexer in front of the listen address cannot exist where the node
// itself must listen. What gcomm does give us: a node that listens on a
// specific address binds its outgoing connections to that address, so the
// source address names the sender. A namespace of our own keeps the rules
// off the host's iptables and lets every node use the default ports.
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import type { Grudge } from '../../../core/cluster.ts';

const run = promisify(execFile);

export const CHAIN = 'SPLITBRAIN';
const PREFIX = 'sbgalera';
let created = 0;

/** The loopback address of the i-th node (0-based). */
export function nodeAddress(i: number): string {
  return `127.0.1.${i + 1}`;
}

/**
 * iptables-restore input: the chain drops exactly what the grudge says
 * (receiver r drops sender s: packets from s's address to r's). Declaring the
 * chain flushes it; `hook` also jumps to it from INPUT, once per namespace.
 */
export function grudgeRules(
  grudge: Grudge,
  addressOf: (id: string) => string,
  hook: boolean,
): string {
  const lines = ['*filter', `:${CHAIN} - [0:0]`];
  if (hook) lines.push(`-I INPUT -j ${CHAIN}`);
  const rules: string[] = [];
  for (const [receiver, senders] of grudge)
    for (const sender of senders)
      rules.push(`-A ${CHAIN} -s ${addressOf(sender)}/32 -d ${addressOf(receiver)}/32 -j DROP`);
  lines.push(...rules.sort(), 'COMMIT', '');
  return lines.join('\n');
}

export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Names of namespaces a controller that is gone left behind (it was SIGKILLed before cleaning up). */
export function staleNamespaces(listing: string, alive: (pid: number) => boolean): string[] {
  return listing
    .split('\n')
    .map((l) => l.trim().split(/\s+/)[0] ?? '')
    .filter((name) => {
      const m = new RegExp(`^${PREFIX}-(\\d+)-\\d+$`).exec(name);
      return m !== null && !alive(Number(m[1]));
    });
}

async function ip(args: readonly string[], input?: string): Promise<string> {
  try {
    const child = run('ip', [...args]);
    if (input !== undefined) {
      child.child.stdin?.end(input);
    }
    return (await child).stdout;
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`ip ${args.join(' ')} failed: ${(e.stderr || e.message).trim()}`);
  }
}

export class ClusterNetns {
  private hooked = false;
  private deleted = false;

  private constructor(readonly name: string) {}

  /** Creates a namespace with loopback up, after removing those of controllers that are gone. */
  static async create(): Promise<ClusterNetns> {
    const listing = await ip(['netns', 'list']).catch(() => '');
    for (const stale of staleNamespaces(listing, pidAlive))
      await ip(['netns', 'del', stale]).catch(() => {});
    const ns = new ClusterNetns(`${PREFIX}-${process.pid}-${++created}`);
    await ip(['netns', 'add', ns.name]);
    try {
      await ip(['netns', 'exec', ns.name, 'ip', 'link', 'set', 'lo', 'up']);
    } catch (err) {
      ns.deleteSync();
      throw err;
    }
    return ns;
  }

  /** A command line that runs `command` inside the namespace. */
  wrap(command: string, args: readonly string[]): { command: string; args: string[] } {
    return { command: 'ip', args: ['netns', 'exec', this.name, command, ...args] };
  }

  /** Replaces the drops with exactly those of the grudge, in one iptables-restore. */
  async setGrudge(grudge: Grudge, addressOf: (id: string) => string): Promise<void> {
    await ip(
      ['netns', 'exec', this.name, 'iptables-restore', '--noflush'],
      grudgeRules(grudge, addressOf, !this.hooked),
    );
    this.hooked = true;
  }

  /** The drop rules in force, as iptables -S prints them (tests, diagnostics). */
  async rules(): Promise<string[]> {
    const out = await ip(['netns', 'exec', this.name, 'iptables', '-S', CHAIN]).catch(() => '');
    return out.split('\n').filter((l) => l.startsWith(`-A ${CHAIN}`));
  }

  /** Removes the namespace; synchronous so it also works inside 'exit'. Processes still inside keep it until they end. */
  deleteSync(): void {
    if (this.deleted) return;
    this.deleted = true;
    try {
      execFileSync('ip', ['netns', 'del', this.name], { stdio: 'ignore' });
    } catch {
      // Already gone: nothing to clean.
    }
  }
}
