// The simulation backend: every node is a StoreNode core inside this process,
// running the replication mode its store flags name (through the registry),
// on a seeded simulated network and virtual clock (docs/architecture.md,
// "Backends and faults"). Same seed, same history.
import { appendFileSync, mkdirSync } from 'node:fs';
import { SimWorld } from '../store/memory.ts';
import { StoreNode, type NodeSetup } from '../store/node.ts';
import { nodeSetup } from '../store/options.ts';
import type {
  Backend,
  Capability,
  Cluster,
  ClusterSpec,
  FaultApplied,
  Grudge,
  Link,
  LinkFaultSpec,
  NodeInfo,
} from '../core/cluster.ts';
import type { Clock } from '../core/clock.ts';
import { nodeFiles, nodesDirOf } from '../kit/cluster-nodes.ts';
import type { StoreApi } from '../systems/store/http.ts';
import { simStoreApi, type SimNodes } from './api.ts';

export const SIM_HOST = 'sim';

const SIM_CAPABILITIES: readonly Capability[] = [
  { kind: 'partition', available: true, detail: 'messages dropped in the simulated network' },
  { kind: 'kill', available: true, detail: 'the core is dropped with its timers; storage kept' },
  {
    kind: 'clock',
    available: true,
    detail:
      "the node's virtual wall clock is offset; slow-clock runs its monotonic clock and timers slow",
  },
  {
    kind: 'pause',
    available: true,
    detail:
      "the node's timers, incoming messages and client calls wait until resume, as under SIGSTOP",
  },
  {
    kind: 'link',
    available: true,
    detail:
      'latency with jitter (messages stay in order), loss, duplication and a bandwidth cap per directed link of the simulated network; slow close has no meaning without connections and is skipped (the run records it)',
  },
];

export class SimCluster implements Cluster, SimNodes {
  readonly nodes: readonly NodeInfo[];
  private readonly live = new Map<string, StoreNode>();
  private readonly configs = new Map<string, NodeSetup>();
  /** Client calls waiting for a paused node to resume. */
  private readonly waiting = new Map<string, (() => void)[]>();

  constructor(
    readonly world: SimWorld,
    private readonly spec: ClusterSpec,
    private readonly seed: number,
  ) {
    const ids = Array.from({ length: spec.nodeCount }, (_, i) => `n${i + 1}`);
    this.nodes = ids.map((id) => ({ id, host: SIM_HOST, port: 0 }));
    for (const id of ids) this.configs.set(id, nodeSetup(id, ids, spec.storeArgs));
    mkdirSync(nodesDirOf(spec.dir), { recursive: true });
  }

  /** Clients call the node cores directly, with a simulated delay each way (api.ts). */
  storeApi(clock: Clock): StoreApi {
    return simStoreApi(this, clock);
  }

  /** The running core of a node, or null while it is down. */
  node(id: string): StoreNode | null {
    return this.live.get(id) ?? null;
  }

  capabilities(): readonly Capability[] {
    return SIM_CAPABILITIES;
  }

  private need(id: string): NodeSetup {
    const cfg = this.configs.get(id);
    if (!cfg) throw new Error(`no node ${id}; nodes are ${[...this.configs.keys()].join(', ')}`);
    return cfg;
  }

  async start(id: string): Promise<void> {
    if (this.live.has(id)) return;
    const cfg = this.need(id);
    const incarnation = this.world.nowMs;
    const node = new StoreNode(cfg, this.world.ports(id, (this.seed ^ incarnation) >>> 0));
    node.start();
    this.live.set(id, node);
  }

  async stop(id: string): Promise<void> {
    await this.kill(id);
  }

  async kill(id: string): Promise<void> {
    this.need(id);
    this.live.get(id)?.stop();
    this.live.delete(id);
    this.world.crash(id);
    this.release(id);
  }

  async pause(id: string): Promise<void> {
    this.need(id);
    if (this.live.has(id)) this.world.pause(id);
  }

  async resume(id: string): Promise<void> {
    this.need(id);
    this.world.resume(id);
    this.release(id);
  }

  isPaused(id: string): boolean {
    return this.world.isPaused(id);
  }

  /** Resolves once the node is not paused (at once when it is running). */
  running(id: string): Promise<void> {
    if (!this.world.isPaused(id)) return Promise.resolve();
    return new Promise((resolve) => {
      const list = this.waiting.get(id) ?? [];
      list.push(resolve);
      this.waiting.set(id, list);
    });
  }

  private release(id: string): void {
    const list = this.waiting.get(id) ?? [];
    this.waiting.delete(id);
    for (const resolve of list) resolve();
  }

  async partition(grudge: Grudge): Promise<void> {
    this.world.heal();
    for (const [a, drops] of grudge) for (const b of drops) this.world.cut([b], [a], true);
  }

  async heal(): Promise<void> {
    this.world.heal();
  }

  async setLinkFaults(links: readonly Link[], faults: LinkFaultSpec | null): Promise<FaultApplied> {
    for (const l of links) {
      this.need(l.from);
      this.need(l.to);
    }
    for (const l of links) this.world.shapeLink(l.from, l.to, faults);
    return {
      appliedMs: 0,
      via: faults?.slowCloseMs
        ? 'simulated network (slow close skipped: no connections)'
        : 'simulated network',
    };
  }

  async setClockOffset(id: string, offsetMs: number): Promise<void> {
    const node = this.live.get(id);
    if (node) node.setClockOffset(offsetMs);
    else this.world.ports(id).clock.setOffsetMs(offsetMs);
  }

  async setClockRate(id: string, rate: number): Promise<FaultApplied> {
    this.need(id);
    this.world.setClockRate(id, rate);
    return { appliedMs: 0, via: 'simulated monotonic clock and timers' };
  }

  logPath(id: string): string {
    return nodeFiles(this.spec.dir, id).logPath;
  }

  async down(): Promise<void> {
    for (const id of [...this.live.keys()]) await this.kill(id);
  }
}

/**
 * Node logs go to nodes/<id>.log, written synchronously, each line stamped
 * with the simulated time since the run began ("[sim 12.345 s]"), the same
 * clock as the history's times.
 */
export function simWorld(seed: number, logDir: () => string | null): SimWorld {
  const world: SimWorld = new SimWorld({
    seed,
    minDelayMs: 1,
    maxDelayMs: 5,
    log: (id, line) => {
      const dir = logDir();
      const stamp = `[sim ${(world.nowMs / 1000).toFixed(3)} s]`;
      if (dir !== null) appendFileSync(nodeFiles(dir, id).logPath, `${stamp} ${line}\n`);
    },
  });
  return world;
}

export function simBackend(world: SimWorld, seed: number, onUp: (dir: string) => void): Backend {
  return {
    name: 'sim',
    capabilities: () => SIM_CAPABILITIES,
    async up(spec) {
      onUp(spec.dir);
      const cluster = new SimCluster(world, spec, seed);
      for (const n of cluster.nodes) await cluster.start(n.id);
      return cluster;
    },
  };
}
