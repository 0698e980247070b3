// Redis Sentinel processes (`redis-server <conf> --sentinel`, the same Debian
// binary as the data nodes) watching one primary. They are ServerProcesses,
// so they die with the controller like the data nodes (by process group, on
// normal end, error, and SIGINT), but they are not cluster nodes: no fault
// is aimed at them.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { redisConnection } from './client.ts';
import { SENTINEL_MASTER_NAME, type SentinelAddress } from './sentinel-directory.ts';
import { LOOPBACK } from '../../kit/ports.ts';
import { holdPorts } from '../../local/hold-ports.ts';
import { READY_TIMEOUT_MS, REDIS_SERVER } from './launcher.ts';
import { ServerProcess } from '../../local/server-process.ts';

export interface SentinelTimings {
  /** How long a primary may be silent before a sentinel calls it down. */
  readonly downAfterMs: number;
  /** Sentinel's failover-timeout: a failed attempt is retried after twice this. */
  readonly failoverTimeoutMs: number;
}

/** Short enough that a killed primary is replaced within a few seconds on loopback. */
export const FAST_SENTINEL: SentinelTimings = { downAfterMs: 1000, failoverTimeoutMs: 3000 };

const CONVERGE_TIMEOUT_MS = 30_000;
const POLL_MS = 200;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function sentinelConf(
  port: number,
  dir: string,
  primaryPort: number,
  quorum: number,
  t: SentinelTimings,
): string {
  const m = SENTINEL_MASTER_NAME;
  return [
    `port ${port}`,
    `bind ${LOOPBACK}`,
    'protected-mode no',
    'daemonize no',
    `dir ${dir}`,
    // Monitor first: the other per-master options refer to it.
    `sentinel monitor ${m} ${LOOPBACK} ${primaryPort} ${quorum}`,
    `sentinel down-after-milliseconds ${m} ${t.downAfterMs}`,
    `sentinel failover-timeout ${m} ${t.failoverTimeoutMs}`,
    `sentinel parallel-syncs ${m} 1`,
    '',
  ].join('\n');
}

/** `SENTINEL master <name>` as field → value. */
async function masterState(port: number): Promise<Record<string, string> | null> {
  const r = redisConnection({ id: 'sentinel', host: LOOPBACK, port });
  try {
    await r.connect();
    const flat = (await r.call('SENTINEL', 'master', SENTINEL_MASTER_NAME)) as string[];
    const out: Record<string, string> = {};
    for (let i = 0; i + 1 < flat.length; i += 2) out[flat[i]!] = flat[i + 1]!;
    return out;
  } catch {
    return null;
  } finally {
    r.disconnect();
  }
}

export class Sentinels {
  private constructor(
    private readonly procs: readonly ServerProcess[],
    readonly addresses: readonly SentinelAddress[],
  ) {}

  /**
   * Starts `count` sentinels monitoring the primary at primaryPort with a
   * majority quorum, and waits until each one knows every replica and every
   * other sentinel (so a failover can be authorised at once).
   */
  static async start(opts: {
    readonly count: number;
    readonly primaryPort: number;
    readonly replicas: number;
    readonly tmpDir: string;
    readonly logDir: string;
    readonly timings: SentinelTimings;
  }): Promise<Sentinels> {
    const quorum = Math.floor(opts.count / 2) + 1;
    const held = await holdPorts(opts.count);
    const procs = held.ports.map((port, i) => {
      const dir = join(opts.tmpDir, `sentinel-${i + 1}`);
      mkdirSync(dir, { recursive: true });
      const conf = join(dir, 'sentinel.conf');
      writeFileSync(conf, sentinelConf(port, dir, opts.primaryPort, quorum, opts.timings));
      return new ServerProcess({
        id: `sentinel-${i + 1}`,
        command: REDIS_SERVER,
        args: [conf, '--sentinel'],
        logPath: join(opts.logDir, `sentinel-${i + 1}.log`),
        ready: async () => (await masterState(port)) !== null,
        readyTimeoutMs: READY_TIMEOUT_MS,
      });
    });
    const s = new Sentinels(
      procs,
      held.ports.map((port) => ({ host: LOOPBACK, port })),
    );
    await held.release();
    try {
      for (const p of procs) await p.start();
      await s.waitConverged(opts.replicas);
    } catch (err) {
      await s.stop();
      throw err;
    }
    return s;
  }

  private async waitConverged(replicas: number): Promise<void> {
    const others = String(this.addresses.length - 1);
    let waitedMs = 0;
    for (;;) {
      const states = await Promise.all(this.addresses.map((a) => masterState(a.port)));
      const behind = states.filter(
        (st) => st?.['num-slaves'] !== String(replicas) || st['num-other-sentinels'] !== others,
      );
      if (behind.length === 0) return;
      if (waitedMs > CONVERGE_TIMEOUT_MS)
        throw new Error(
          `sentinels did not all see ${replicas} replicas and ${others} other sentinels within ${CONVERGE_TIMEOUT_MS} ms (logs: sentinel-*.log)`,
        );
      await sleep(POLL_MS);
      waitedMs += POLL_MS;
    }
  }

  pids(): (number | null)[] {
    return this.procs.map((p) => p.pid);
  }

  async stop(): Promise<void> {
    await Promise.all(this.procs.map((p) => p.kill()));
  }
}
