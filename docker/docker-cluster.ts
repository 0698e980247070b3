// The Docker backend's cluster: one container per store node on a network of
// the run's own. Faults are kept as state (grudge, link shaping, clock
// offsets) and pushed into each container, because a restarted container
// comes back in a fresh network namespace and must get them again.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type Dockerode from 'dockerode';
import type * as core from '../core/cluster.ts';
import {
  checkGrudgeNodes,
  checkLinkNodes,
  nodeFiles,
  nodeIdsFor,
  upOrDown,
} from '../kit/cluster-nodes.ts';
import { ClockOffsets } from '../kit/clock-offsets.ts';
import { SlotCluster, type NodeSlot } from '../kit/slot-cluster.ts';
import { writeOffsetFile } from '../kit/faketime.ts';
import { dockerCapabilities, type DockerFacts } from './capabilities.ts';
import { trackRun, untrackRun } from './cleanup.ts';
import { isNotFound } from './engine.ts';
import { IMAGE_PATHS, type StoreImage } from './image.ts';
import {
  CLIENT_PORT,
  containerName,
  nodeCommand,
  nodeEnv,
  OFFSET_FILE,
  runIdFor,
} from './node-spec.ts';
import { createRunNetwork, nodeAddress, type RunNetwork } from './network.ts';
import { netemArgs, setDrops, setShaping } from './netns.ts';
import { NodeContainer, type ContainerState } from './node-container.ts';
import type { ScriptLauncher } from '../core/launcher.ts';

export interface DockerClusterOptions {
  readonly launcher: ScriptLauncher;
  readonly docker: Dockerode;
  readonly image: StoreImage;
  readonly facts: DockerFacts;
  readonly readyTimeoutMs: number;
}

interface Slot extends NodeSlot {
  readonly handle: NodeContainer;
  /** The process whose namespace has our iptables chain hooked in, if any. */
  hookedPid: number | null;
  /** The process whose namespace has our tc shaping, if any. */
  shapedPid: number | null;
}

export { runIdFor } from './node-spec.ts';

export class DockerCluster extends SlotCluster<Slot> implements core.Cluster {
  readonly runId: string;
  private net: RunNetwork | null = null;
  private grudge: core.Grudge = new Map();
  /** "from>to" → shaping on from's egress towards to. */
  private readonly shaping = new Map<string, core.LinkFaultSpec>();
  private downed = false;

  private constructor(
    private readonly spec: core.ClusterSpec,
    private readonly opts: DockerClusterOptions,
  ) {
    super(
      new ClockOffsets(opts.image.hasFaketime ? 'faketime' : 'store', opts.launcher.setClockOffset),
    );
    this.runId = runIdFor(spec.dir);
  }

  static async up(spec: core.ClusterSpec, opts: DockerClusterOptions): Promise<DockerCluster> {
    const c = new DockerCluster(spec, opts);
    trackRun(c.runId);
    return upOrDown(c, () => c.init());
  }

  containerName(id: string): string {
    return containerName(this.runId, id);
  }

  get networkName(): string | null {
    return this.net?.name ?? null;
  }

  private async init(): Promise<void> {
    const { nodeCount, storeArgs } = this.spec;
    const ids = nodeIdsFor(nodeCount);
    // Absolute: the paths become bind mounts.
    const runDir = resolve(this.spec.dir);
    const net = await createRunNetwork(this.opts.docker, this.runId);
    this.net = net;
    const { image } = this.opts;
    for (const [i, id] of ids.entries()) {
      const { dataDir, offsetFile, logPath } = nodeFiles(runDir, id);
      mkdirSync(dataDir, { recursive: true });
      writeOffsetFile(offsetFile, 0);
      const ip = nodeAddress(net, i);
      const container = await NodeContainer.create(this.opts.docker, {
        id,
        runId: this.runId,
        name: this.containerName(id),
        image: image.ref,
        cmd: nodeCommand(this.opts.launcher, image, this.runId, id, ids, storeArgs),
        env: nodeEnv(image),
        network: net.name,
        ip,
        binds: [`${dataDir}:${IMAGE_PATHS.data}`, `${offsetFile}:${OFFSET_FILE}:ro`],
        logPath,
        readyTimeoutMs: this.opts.readyTimeoutMs,
      });
      this.slots.set(id, {
        info: { id, host: ip, port: CLIENT_PORT },
        handle: container,
        offsetFile,
        hookedPid: null,
        shapedPid: null,
      });
    }
    await Promise.all([...this.slots.values()].map((s) => s.handle.start()));
  }

  capabilities(): readonly core.Capability[] {
    return dockerCapabilities({
      ...this.opts.facts,
      faketimeLib: this.opts.image.hasFaketime ? (this.opts.facts.faketimeLib ?? 'in image') : null,
    });
  }

  private requireCapability(kind: core.Capability['kind']): void {
    const cap = this.capabilities().find((c) => c.kind === kind);
    if (!cap?.available)
      throw new Error(`the ${kind} fault is not available: ${cap?.detail ?? 'unknown kind'}`);
  }

  /** The new process has a fresh network namespace: the grudge and shaping go in again. */
  protected override async afterStart(id: string): Promise<void> {
    await this.applyNetns(id);
  }

  /** Pushes this node's share of the grudge and link shaping into its namespace. */
  private async applyNetns(id: string): Promise<void> {
    const s = this.slot(id);
    const pid = await s.handle.pid();
    if (pid === null) return;
    if (this.opts.facts.netnsBlocker === null) {
      const drops = [...(this.grudge.get(id) ?? [])].map((b) => this.slot(b).info.host);
      await setDrops(pid, drops, s.hookedPid !== pid);
      s.hookedPid = pid;
    }
    if (this.opts.facts.netemBlocker === null) {
      const rules = [...this.shaping]
        .filter(([k]) => k.split('>')[0] === id)
        .map(([k, spec]) => ({ dstIp: this.slot(k.split('>')[1]!).info.host, spec }));
      if (rules.length > 0 || s.shapedPid === pid) await setShaping(pid, rules);
      s.shapedPid = rules.length > 0 ? pid : null;
    }
  }

  async partition(grudge: core.Grudge): Promise<core.FaultApplied> {
    const cuts = [...grudge.values()].some((d) => d.size > 0);
    // Healing where partitions cannot exist is a no-op, not an error (heal-all after kills).
    if (!cuts && this.opts.facts.netnsBlocker !== null)
      return { appliedMs: 0, via: 'nothing to heal: partitions are unavailable here' };
    this.requireCapability('partition');
    checkGrudgeNodes(grudge, this.slots);
    const t0 = performance.now();
    this.grudge = new Map([...grudge].map(([a, d]) => [a, new Set(d)]));
    await Promise.all([...this.slots.keys()].map((id) => this.applyNetns(id)));
    return {
      appliedMs: performance.now() - t0,
      via: 'iptables in the container network namespaces',
    };
  }

  async setLinkFaults(
    links: readonly core.Link[],
    faults: core.LinkFaultSpec | null,
  ): Promise<core.FaultApplied> {
    this.requireCapability('link');
    if (faults !== null) netemArgs(faults);
    checkLinkNodes(links, this.slots);
    const t0 = performance.now();
    for (const { from, to } of links) {
      if (faults === null) this.shaping.delete(`${from}>${to}`);
      else this.shaping.set(`${from}>${to}`, faults);
    }
    const senders = new Set(links.map((l) => l.from));
    await Promise.all([...senders].map((id) => this.applyNetns(id)));
    return { appliedMs: performance.now() - t0, via: 'tc netem' };
  }

  logPath(id: string): string {
    return nodeFiles(resolve(this.spec.dir), this.slot(id).info.id).logPath;
  }

  /** The container's init pid on the host (tests, diagnostics); null when not running. */
  async pid(id: string): Promise<number | null> {
    return this.slot(id).handle.pid();
  }

  async containerState(id: string): Promise<ContainerState> {
    return this.slot(id).handle.state();
  }

  async down(): Promise<void> {
    if (this.downed) return;
    this.downed = true;
    // Try everything before reporting a failure, so one stuck container does not keep the rest.
    const removed = await Promise.allSettled(
      [...this.slots.values()].map((s) => s.handle.remove()),
    );
    const failed = removed.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (this.net !== null) {
      try {
        await this.opts.docker.getNetwork(this.net.id).remove();
      } catch (err) {
        if (!isNotFound(err)) failed.push({ status: 'rejected', reason: err });
      }
    }
    // Left tracked on failure, so the exit hook tries once more.
    if (failed.length > 0) {
      const why = failed.map((f) => (f.reason as Error).message).join('; ');
      throw new Error(`removing Docker run ${this.runId} failed: ${why}`);
    }
    untrackRun(this.runId);
  }
}
