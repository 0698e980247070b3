// A Cluster of real servers (Redis, PostgreSQL, etcd) run as our own
// processes on loopback. As for our store, every node-to-node link runs
// through a LinkProxy the controller owns, and so does every client-to-node
// link (NodeInfo.port is the client proxy), so partitions, link faults, kill,
// pause and clock skew reach these servers the same way. The system's
// ServerLauncher (core/launcher.ts) says how its nodes are prepared and launched.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type * as core from '../core/cluster.ts';
import type { ServerContext, ServerLauncher, ServerNode } from '../core/launcher.ts';
import { lookupNode, nodeFiles, nodeIdsFor, nodesDirOf, upOrDown } from '../kit/cluster-nodes.ts';
import { proxyLinkCapability, proxyPartitionCapability } from './capabilities.ts';
import { faketimeEnv, findFaketime, writeOffsetFile } from '../kit/faketime.ts';
import { LOOPBACK } from '../kit/ports.ts';
import { LinkProxy } from '../kit/proxy.ts';
import { ProxyMesh } from '../kit/proxy-mesh.ts';
import { holdPorts } from './hold-ports.ts';
import { ServerProcess } from './server-process.ts';

export class ServerCluster implements core.Cluster {
  private readonly procs = new Map<string, ServerProcess>();
  private readonly infos = new Map<string, core.NodeInfo>();
  private readonly mesh = new ProxyMesh();
  private readonly clientProxies = new Map<string, LinkProxy>();
  private readonly offsetFiles = new Map<string, string>();
  private ctx: ServerContext | null = null;
  private tmpDir: string | null = null;
  private downed = false;

  private constructor(
    private readonly system: ServerLauncher,
    private readonly spec: core.ClusterSpec,
    private readonly faketimeLib: string | null,
  ) {}

  static async up(system: ServerLauncher, spec: core.ClusterSpec): Promise<ServerCluster> {
    const lib = system.clockNote.works ? findFaketime() : null;
    const c = new ServerCluster(system, spec, lib);
    return upOrDown(c, () => c.init());
  }

  private async init(): Promise<void> {
    const { nodeCount, dir } = this.spec;
    const ids = nodeIdsFor(nodeCount);
    const per = this.system.separatePeerPort ? 2 : 1;
    const held = await holdPorts(per * nodeCount);
    const ports = held.ports;
    mkdirSync(nodesDirOf(dir), { recursive: true });
    this.tmpDir = mkdtempSync(join(tmpdir(), `splitbrain-${this.system.name}-`));
    const nodes: ServerNode[] = ids.map((id, i) => {
      const offsetFile = join(this.tmpDir!, `${id}.faketime`);
      this.offsetFiles.set(id, offsetFile);
      let clockEnv: Record<string, string> = {};
      if (this.faketimeLib !== null) {
        writeOffsetFile(offsetFile, 0);
        clockEnv = faketimeEnv(this.faketimeLib, offsetFile, {});
      }
      return {
        id,
        serverPort: ports[per * i]!,
        peerPort: ports[per * i + per - 1]!,
        dataDir: join(this.tmpDir!, id),
        logPath: nodeFiles(dir, id).logPath,
        clockEnv,
      };
    });
    const peerPorts = new Map(nodes.map((n) => [n.id, n.peerPort]));
    await this.mesh.open(ids, (id) => peerPorts.get(id)!);
    for (const a of nodes) {
      const cp = new LinkProxy('client', a.id, a.serverPort);
      this.infos.set(a.id, { id: a.id, host: LOOPBACK, port: await cp.listen() });
      this.clientProxies.set(a.id, cp);
    }
    const ctx: ServerContext = {
      nodes,
      proxyPort: (from, to) => this.proxy(from, to).port,
      runDir: dir,
      tmpDir: this.tmpDir,
    };
    this.ctx = ctx;
    try {
      await this.system.prepare?.(ctx);
    } finally {
      await held.release();
    }
    for (const n of nodes) {
      const proc = new ServerProcess({
        id: n.id,
        logPath: n.logPath,
        ...this.system.launch(n, ctx),
      });
      this.procs.set(n.id, proc);
    }
    // Primaries first: replicas and standbys start once what they follow answers.
    const first = async (n: ServerNode) => {
      await this.system.beforeFirstStart?.(n, ctx);
      await this.procs.get(n.id)!.start();
    };
    // A consensus group (separate peer ports) must boot together to elect a leader.
    if (this.system.separatePeerPort) await Promise.all(nodes.map(first));
    else for (const n of nodes) await first(n);
    await this.system.afterUp?.(ctx);
  }

  get nodes(): readonly core.NodeInfo[] {
    return [...this.infos.values()];
  }

  capabilities(): readonly core.Capability[] {
    const name = this.system.name;
    const clock = this.system.clockNote;
    return [
      proxyPartitionCapability(`${name} node`),
      {
        kind: 'kill',
        available: true,
        detail: `SIGKILL of the ${name} process group; start restarts it from its data dir`,
      },
      { kind: 'pause', available: true, detail: `SIGSTOP / SIGCONT of the ${name} process group` },
      {
        kind: 'clock',
        available: clock.works && this.faketimeLib !== null,
        detail:
          clock.works && this.faketimeLib === null
            ? `${clock.detail}; libfaketime is not installed: apt-get install faketime`
            : clock.detail,
      },
      // Real servers' peer protocols are not newline-delimited: the proxies treat them as opaque.
      proxyLinkCapability('chunk'),
    ];
  }

  private proc(id: string): ServerProcess {
    return lookupNode(this.procs, id);
  }

  async start(id: string): Promise<void> {
    await this.proc(id).start();
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

  async partition(grudge: core.Grudge): Promise<core.FaultApplied> {
    return this.mesh.cut(grudge);
  }

  async heal(): Promise<core.FaultApplied> {
    return this.partition(new Map());
  }

  async setClockOffset(id: string, offsetMs: number): Promise<core.FaultApplied> {
    this.proc(id);
    if (this.faketimeLib === null)
      throw new Error(
        `clock skew cannot reach ${this.system.name}: ${this.system.clockNote.detail}`,
      );
    const t0 = performance.now();
    writeOffsetFile(this.offsetFiles.get(id)!, offsetMs);
    return { appliedMs: performance.now() - t0, via: 'libfaketime' };
  }

  async setLinkFaults(
    links: readonly core.Link[],
    faults: core.LinkFaultSpec | null,
  ): Promise<core.FaultApplied> {
    return this.mesh.setLinkFaults(links, faults);
  }

  logPath(id: string): string {
    return this.proc(id).launch.logPath;
  }

  /** The proxy node `from` dials to reach `to`; "client" for the controller's link to a node. */
  proxy(from: string, to: string): LinkProxy {
    if (from !== 'client') return this.mesh.get(from, to);
    const p = this.clientProxies.get(to);
    if (!p) throw new Error(`no link ${from}→${to}`);
    return p;
  }

  pid(id: string): number | null {
    return this.proc(id).pid;
  }

  /** The system's view of the nodes (ports, data dirs), for tests. */
  context(): ServerContext {
    if (this.ctx === null) throw new Error('the cluster is not up');
    return this.ctx;
  }

  async down(): Promise<void> {
    if (this.downed) return;
    this.downed = true;
    await Promise.all([...this.procs.values()].map((p) => p.kill()));
    await this.system.down?.();
    await this.mesh.close();
    await Promise.all([...this.clientProxies.values()].map((p) => p.close()));
    if (this.tmpDir !== null) rmSync(this.tmpDir, { recursive: true, force: true });
  }
}
