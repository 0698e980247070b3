// Where a Redis client learns the primary when Sentinel runs the failovers:
// the launcher fills a SentinelDirectory once the sentinels are up, and
// clients (and the nemesis's leader lookup) ask the sentinels through it.
import type { NodeInfo } from '../../core/cluster.ts';
import { errorText } from '../../workloads/kv-ops.ts';
import { redisConnection } from './client.ts';

/** The name every sentinel monitors the primary under. */
export const SENTINEL_MASTER_NAME = 'splitbrain';

export interface SentinelAddress {
  readonly host: string;
  readonly port: number;
}

/** Filled by the launcher once the cluster is up; read by clients that open after. */
export class SentinelDirectory {
  private sentinelList: readonly SentinelAddress[] = [];
  private byPort = new Map<number, string>();

  /** The sentinels, and the port each data node announces (what Sentinel answers with) → node id. */
  set(sentinels: readonly SentinelAddress[], announced: ReadonlyMap<string, number>): void {
    this.sentinelList = sentinels;
    this.byPort = new Map([...announced].map(([id, port]) => [port, id]));
  }

  get sentinels(): readonly SentinelAddress[] {
    return this.sentinelList;
  }

  nodeAt(port: number): string | null {
    return this.byPort.get(port) ?? null;
  }
}

const ASK_TIMEOUT_MS = 1000;

/** One sentinel's answer to get-master-addr-by-name, as a node id; or why it gave none. */
async function askOne(dir: SentinelDirectory, s: SentinelAddress): Promise<string | Error> {
  const r = redisConnection({ id: 'sentinel', host: s.host, port: s.port });
  const timer = setTimeout(() => r.disconnect(), ASK_TIMEOUT_MS);
  try {
    await r.connect();
    const reply = await r.call('SENTINEL', 'get-master-addr-by-name', SENTINEL_MASTER_NAME);
    if (!Array.isArray(reply) || reply.length !== 2)
      return new Error(`sentinel :${s.port} knows no primary`);
    const id = dir.nodeAt(Number(reply[1]));
    return (
      id ?? new Error(`sentinel :${s.port} named ${reply.join(':')}, which is no node of ours`)
    );
  } catch (err) {
    return new Error(`sentinel :${s.port}: ${errorText(err)}`);
  } finally {
    clearTimeout(timer);
    r.disconnect();
  }
}

/**
 * The primary as the first sentinel that answers names it (what Sentinel
 * clients do); an Error listing every sentinel's failure when none does.
 */
export async function sentinelPrimary(
  dir: SentinelDirectory,
  nodes: readonly NodeInfo[],
): Promise<NodeInfo | Error> {
  if (dir.sentinels.length === 0) return new Error('no sentinels are known yet');
  const why: string[] = [];
  for (const s of dir.sentinels) {
    const id = await askOne(dir, s);
    if (typeof id !== 'string') {
      why.push(id.message);
      continue;
    }
    const node = nodes.find((n) => n.id === id);
    if (node) return node;
    why.push(`sentinel :${s.port} named ${id}, not among the client's nodes`);
  }
  return new Error(why.join('; '));
}
