// A Galera cluster as our own processes: mariadbd per node inside one
// network namespace (netns.ts says why), reached by clients through a
// loopback forwarder to the node's unix socket. Kill and pause signal the
// node's process group, a partition is iptables drops inside the namespace,
// clock skew is libfaketime. Everything goes at down(), on exit, and on a
// signal (server-process.ts and the exit hooks); a namespace that a killed
// controller left behind is removed by the next cluster.
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type {
  Capability,
  Cluster,
  ClusterSpec,
  FaultApplied,
  Grudge,
  NodeInfo,
} from '../../../core/cluster.ts';
import { onControllerExit } from '../../../kit/exit-hooks.ts';
import {
  checkGrudgeNodes,
  lookupNode,
  nodeFiles,
  nodeIdsFor,
  nodesDirOf,
  upOrDown,
} from '../../../kit/cluster-nodes.ts';
import { faketimeEnv, findFaketime, writeOffsetFile } from '../../../kit/faketime.ts';
import { LOOPBACK } from '../../../kit/ports.ts';
import { reapOrphans } from '../../../local/orphans.ts';
import { ServerProcess, ServerStartError } from '../../../local/server-process.ts';
import { createSchema } from '../client.ts';
import {
  MARIADBD,
  copyDataDir,
  installDataDir,
  mysqlUser,
  openFolder,
  socketPath,
} from '../server.ts';
import { sqlStatus } from '../sql.ts';
import { galeraArgs } from './args.ts';
import { galeraCapabilities } from './capabilities.ts';
import { ClusterNetns, nodeAddress, pidAlive } from './netns.ts';
import { SocketForwarder } from './socket-forwarder.ts';
import { allSynced, galeraState } from './status.ts';

const READY_TIMEOUT_MS = 120_000;
const TMP_PREFIX = 'splitbrain-galera-';

/** Data dirs of clusters whose controller is gone (named with its pid): nobody will remove them otherwise. */
export function staleDataDirs(names: readonly string[], alive: (pid: number) => boolean): string[] {
  return names.filter((n) => {
    const m = new RegExp(`^${TMP_PREFIX}(\\d+)-`).exec(n);
    return m !== null && !alive(Number(m[1]));
  });
}

const UP_TIMEOUT_MS = 180_000;
const POLL_MS = 250;
/**
 * Failed joins come in bursts when the machine is loaded (three in a row
 * once in CI), so a joiner gets more tries, each after a longer pause.
 */
const JOIN_ATTEMPTS = 6;
const JOIN_BACKOFF_MS = 500;

interface Member {
  readonly id: string;
  readonly address: string;
  readonly dataDir: string;
  readonly logPath: string;
  readonly offsetFile: string;
  readonly info: NodeInfo;
}

export class GaleraCluster implements Cluster {
  private readonly members = new Map<string, Member>();
  private readonly procs = new Map<string, ServerProcess>();
  private readonly forwarders: SocketForwarder[] = [];
  private ns: ClusterNetns | null = null;
  private tmpDir: string | null = null;
  private unhook: (() => void) | null = null;
  private readonly faketimeLib = findFaketime();
  private downed = false;

  private constructor(private readonly spec: ClusterSpec) {}

  static async up(spec: ClusterSpec, opts: { upTimeoutMs?: number } = {}): Promise<GaleraCluster> {
    const c = new GaleraCluster(spec);
    return upOrDown(c, () => c.init(opts.upTimeoutMs ?? UP_TIMEOUT_MS));
  }

  private async init(upTimeoutMs: number): Promise<void> {
    mysqlUser();
    // Servers whose controller was SIGKILLed (no exit hook ran) go first, then their namespaces.
    reapOrphans();
    const ns = (this.ns = await ClusterNetns.create());
    this.unhook = onControllerExit(() => ns.deleteSync());
    mkdirSync(nodesDirOf(this.spec.dir), { recursive: true });
    for (const stale of staleDataDirs(readdirSync(tmpdir()), pidAlive))
      rmSync(join(tmpdir(), stale), { recursive: true, force: true });
    const tmp = (this.tmpDir = mkdtempSync(join(tmpdir(), `${TMP_PREFIX}${process.pid}-`)));
    openFolder(tmp);
    const template = join(tmp, 'template');
    await installDataDir(template);
    for (const [i, id] of nodeIdsFor(this.spec.nodeCount).entries()) {
      const dataDir = join(tmp, id);
      copyDataDir(template, dataDir);
      const fwd = new SocketForwarder(socketPath(dataDir));
      this.forwarders.push(fwd);
      const info = { id, host: LOOPBACK, port: await fwd.listen() };
      const offsetFile = join(tmp, `${id}.faketime`);
      if (this.faketimeLib !== null) writeOffsetFile(offsetFile, 0);
      const logPath = nodeFiles(this.spec.dir, id).logPath;
      this.members.set(id, { id, address: nodeAddress(i), dataDir, logPath, offsetFile, info });
    }
    const [first, ...rest] = [...this.members.values()];
    await this.launch(first!, true);
    // One joiner at a time: each takes a state transfer, and two rsync SST
    // scripts starting together failed here before logging a line.
    for (const m of rest) await this.join(m);
    await this.waitSynced(upTimeoutMs);
    await createSchema(first!.info);
    await this.waitSynced(upTimeoutMs);
  }

  /**
   * Starts a node that joins the running cluster. The rsync SST script
   * sometimes exits at once without a word (about one join in ten here, under
   * load), and mariadbd then aborts; a joiner is simply started again after
   * a pause, as an operator would. Its log keeps every attempt.
   */
  private async join(m: Member): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.launch(m, false);
        return;
      } catch (err) {
        const exited = err instanceof ServerStartError && err.message.includes('exited before');
        if (!exited || attempt >= JOIN_ATTEMPTS) throw err;
        await sleep(JOIN_BACKOFF_MS * attempt);
      }
    }
  }

  private async launch(m: Member, bootstrap: boolean): Promise<void> {
    const addresses = [...this.members.values()].map((x) => x.address);
    const env = this.faketimeLib === null ? {} : faketimeEnv(this.faketimeLib, m.offsetFile, {});
    const wrapped = this.ns!.wrap(MARIADBD, galeraArgs(m, addresses, bootstrap));
    const proc = new ServerProcess({
      id: m.id,
      logPath: m.logPath,
      ...wrapped,
      env,
      cwd: this.tmpDir!,
      // Up means answering SQL: a joiner opens its port after its state
      // transfer; a node outside the primary component still answers SHOW.
      ready: async () => (await sqlStatus(m.info, "SHOW STATUS LIKE 'wsrep_ready'")).size > 0,
      readyTimeoutMs: READY_TIMEOUT_MS,
    });
    this.procs.set(m.id, proc);
    await proc.start();
  }

  private async waitSynced(timeoutMs: number): Promise<void> {
    const t0 = performance.now();
    for (;;) {
      const states = await Promise.all(this.nodes.map((n) => galeraState(n)));
      if (allSynced(states)) return;
      if (performance.now() - t0 > timeoutMs)
        throw new Error(
          `galera nodes not synced after ${timeoutMs} ms: ${states.map((s, i) => `n${i + 1} ${s === null ? 'silent' : `${s.component}/${s.state}/size ${s.clusterSize}`}`).join(', ')} (logs: ${nodesDirOf(this.spec.dir)})`,
        );
      await sleep(POLL_MS);
    }
  }

  get nodes(): readonly NodeInfo[] {
    return [...this.members.values()].map((m) => m.info);
  }

  /** The namespace the nodes run in (tests look at its rules). */
  get netns(): ClusterNetns {
    if (this.ns === null) throw new Error('the cluster is not up');
    return this.ns;
  }

  capabilities(): readonly Capability[] {
    return galeraCapabilities(this.faketimeLib);
  }

  private proc(id: string): ServerProcess {
    return lookupNode(this.procs, id);
  }

  async start(id: string): Promise<void> {
    const p = this.proc(id);
    if (p.state === 'running' || p.state === 'paused') return;
    await this.join(lookupNode(this.members, id));
  }

  async stop(id: string): Promise<void> {
    await this.proc(id).stop();
  }

  async kill(id: string): Promise<void> {
    await this.proc(id).kill();
  }

  async pause(id: string): Promise<void> {
    this.proc(id).pause();
  }

  async resume(id: string): Promise<void> {
    this.proc(id).resume();
  }

  async partition(grudge: Grudge): Promise<FaultApplied> {
    checkGrudgeNodes(grudge, this.members);
    const t0 = performance.now();
    await this.netns.setGrudge(grudge, (id) => lookupNode(this.members, id).address);
    return { appliedMs: performance.now() - t0, via: 'iptables in the network namespace' };
  }

  async heal(): Promise<FaultApplied> {
    return this.partition(new Map());
  }

  async setClockOffset(id: string, offsetMs: number): Promise<FaultApplied> {
    const m = lookupNode(this.members, id);
    if (this.faketimeLib === null)
      throw new Error(
        'clock skew cannot reach galera: libfaketime is not installed: apt-get install faketime',
      );
    const t0 = performance.now();
    writeOffsetFile(m.offsetFile, offsetMs);
    return { appliedMs: performance.now() - t0, via: 'libfaketime' };
  }

  logPath(id: string): string {
    return lookupNode(this.members, id).logPath;
  }

  pid(id: string): number | null {
    return this.proc(id).pid;
  }

  async down(): Promise<void> {
    if (this.downed) return;
    this.downed = true;
    await Promise.all([...this.procs.values()].map((p) => p.kill()));
    await Promise.all(this.forwarders.map((f) => f.close()));
    this.ns?.deleteSync();
    this.unhook?.();
    if (this.tmpDir !== null) rmSync(this.tmpDir, { recursive: true, force: true });
  }
}
