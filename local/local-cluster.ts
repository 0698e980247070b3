// The local backend's cluster for a script launcher (our store): nodes as
// Node.js child processes on loopback, every node-to-node link through a
// proxy the controller owns, on its own thread (kit/threaded-mesh.ts).
import { mkdirSync } from 'node:fs';
import type * as core from '../core/cluster.ts';
import { nodeFiles, nodeIdsFor } from '../kit/cluster-nodes.ts';
import { SlotCluster, type NodeSlot } from '../kit/slot-cluster.ts';
import type { ScriptLauncher } from '../core/launcher.ts';
import { localCapabilities } from './capabilities.ts';
import { ClockOffsets, type ClockVia } from '../kit/clock-offsets.ts';
import { onExitSync } from './cleanup.ts';
import { reapOrphans } from './orphans.ts';
import { faketimeEnv, writeOffsetFile } from '../kit/faketime.ts';
import { NodeProcess, NodeStartError } from './node-process.ts';
import { freePorts, LOOPBACK } from '../kit/ports.ts';
import { ThreadedProxyMesh, type LinkView } from '../kit/threaded-mesh.ts';

export interface LocalClusterOptions {
  readonly launcher: ScriptLauncher;
  readonly clockVia: ClockVia;
  /** libfaketimeMT.so.1 path, when clockVia is "faketime". */
  readonly faketimeLib: string | null;
  readonly readyTimeoutMs: number;
  /** Framing for link faults that do not name one [default: the launcher's]. */
  readonly peerFraming: 'chunk' | 'line';
}

/** With libfaketime: preload it, reading a fresh zero offset from offsetFile. */
function clockEnv(faketimeLib: string | null, offsetFile: string): Record<string, string> {
  if (faketimeLib === null) return {};
  writeOffsetFile(offsetFile, 0);
  return faketimeEnv(faketimeLib, offsetFile, process.env);
}

interface ProcessSlot extends NodeSlot {
  readonly peerPort: number;
  readonly handle: NodeProcess;
}

const UP_ATTEMPTS = 3;

export class LocalCluster extends SlotCluster<ProcessSlot> implements core.Cluster {
  private readonly mesh = new ThreadedProxyMesh();
  private downed = false;
  private unregisterExit: (() => void) | null = null;

  private constructor(
    private readonly spec: core.ClusterSpec,
    private readonly opts: LocalClusterOptions,
  ) {
    super(new ClockOffsets(opts.clockVia, opts.launcher.setClockOffset));
  }

  /** Allocates ports, opens proxies, starts every node and waits until all are ready. */
  static async up(spec: core.ClusterSpec, opts: LocalClusterOptions): Promise<LocalCluster> {
    reapOrphans();
    for (let attempt = 1; ; attempt++) {
      const c = new LocalCluster(spec, opts);
      try {
        await c.init();
        return c;
      } catch (err) {
        await c.down();
        // Another process took a port between our probe and the node's bind: pick others.
        const portRace = err instanceof NodeStartError && err.message.includes('EADDRINUSE');
        if (!portRace || attempt >= UP_ATTEMPTS) throw err;
      }
    }
  }

  private async init(): Promise<void> {
    const { nodeCount, dir, storeArgs } = this.spec;
    const ids = nodeIdsFor(nodeCount);
    const ports = await freePorts(2 * nodeCount);
    const peerPort = new Map(ids.map((id, i) => [id, ports[2 * i + 1]!]));
    await this.mesh.open(ids, (b) => peerPort.get(b)!);
    ids.forEach((id, i) => {
      const clientPort = ports[2 * i]!;
      const { dataDir, offsetFile, logPath } = nodeFiles(dir, id);
      mkdirSync(dataDir, { recursive: true });
      const peers = ids
        .filter((b) => b !== id)
        .map((b) => ({ id: b, port: this.mesh.get(id, b).port }));
      const args = this.opts.launcher.args(
        { id, ids, clientPort, peerPort: peerPort.get(id)!, peers, dataDir },
        storeArgs,
      );
      const faketime = this.opts.clockVia === 'faketime' ? this.opts.faketimeLib : null;
      const env = clockEnv(faketime, offsetFile);
      const proc = new NodeProcess({
        id,
        entry: this.opts.launcher.entry,
        ...(this.opts.launcher.cliCommand ? { cliCommand: this.opts.launcher.cliCommand } : {}),
        args,
        env,
        logPath,
        readyTimeoutMs: this.opts.readyTimeoutMs,
      });
      this.slots.set(id, {
        info: { id, host: LOOPBACK, port: clientPort },
        peerPort: peerPort.get(id)!,
        handle: proc,
        offsetFile,
      });
    });
    // Should the controller die without down(), no offset file stays skewed.
    this.unregisterExit = onExitSync(() => this.resetOffsetFiles());
    await Promise.all([...this.slots.values()].map((s) => s.handle.start()));
  }

  private resetOffsetFiles(): void {
    if (this.opts.clockVia !== 'faketime') return;
    for (const s of this.slots.values()) writeOffsetFile(s.offsetFile, 0);
  }

  capabilities(): readonly core.Capability[] {
    return localCapabilities(this.opts);
  }

  async partition(grudge: core.Grudge): Promise<core.FaultApplied> {
    return this.mesh.cut(grudge);
  }

  async setLinkFaults(
    links: readonly core.Link[],
    faults: core.LinkFaultSpec | null,
  ): Promise<core.FaultApplied> {
    const f = faults === null ? null : { framing: this.opts.peerFraming, ...faults };
    return this.mesh.setLinkFaults(links, f);
  }

  logPath(id: string): string {
    return nodeFiles(this.spec.dir, this.slot(id).info.id).logPath;
  }

  /** The proxy node `from` dials to reach `to` (tests and diagnostics). */
  proxy(from: string, to: string): LinkView {
    return this.mesh.get(from, to);
  }

  /** Every proxy's listening port (tests check none is left open). */
  proxyPorts(): number[] {
    return this.mesh.ports();
  }

  /** The libfaketime offset file of a node (used only when clocks go through libfaketime). */
  offsetFile(id: string): string {
    return this.slot(id).offsetFile;
  }

  pid(id: string): number | null {
    return this.slot(id).handle.pid;
  }

  peerPort(id: string): number {
    return this.slot(id).peerPort;
  }

  nodeState(id: string): string {
    return this.slot(id).handle.state;
  }

  nodeStates(): Readonly<Record<string, core.NodeRunState>> {
    const out: Record<string, core.NodeRunState> = {};
    for (const [id, s] of this.slots) out[id] = s.handle.runState();
    return out;
  }

  async down(): Promise<void> {
    if (this.downed) return;
    this.downed = true;
    await Promise.all(
      [...this.slots.values()].map(async (s) => {
        await s.handle.resume();
        await s.handle.kill();
      }),
    );
    this.resetOffsetFiles();
    this.unregisterExit?.();
    await this.mesh.close();
  }
}
