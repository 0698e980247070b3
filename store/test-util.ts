// Helpers for tests of the core on the simulated world (not used in production).
import { SimWorld, type SimOptions } from './memory.ts';
import { StoreNode } from './node.ts';
import { nodeConfig, type NodeConfig } from './config.ts';
import type { WriteOutcome } from './outcomes.ts';
import type { Value } from './protocol.ts';

/** A write in flight; `result` is set once the node answers. */
export interface Pending {
  result: WriteOutcome | undefined;
}

export interface SimCluster {
  readonly world: SimWorld;
  readonly nodes: Map<string, StoreNode>;
  node(id: string): StoreNode;
  /** Crash (state in memory lost, storage kept) and optionally restart. */
  crash(id: string): void;
  restart(id: string): StoreNode;
  /** Lets promise callbacks run: the simulated world is synchronous, acknowledgements are not. */
  settle(): Promise<void>;
  /** Advances simulated time by ms in small steps, letting acknowledgements through. */
  run(ms: number, stepMs?: number): Promise<void>;
  /** Starts a write and returns at once. */
  startWrite(id: string, key: string, value: Value): Pending;
  /** Writes and runs the world until the node answers. */
  write(id: string, key: string, value: Value, maxMs?: number): Promise<WriteOutcome>;
  /** Runs until cond holds (throws after maxMs simulated). */
  until(cond: () => boolean, maxMs?: number): Promise<void>;
  /** The node currently leading shard (0), asserting there is exactly one. */
  leaderOf(shard?: number): string | undefined;
}

export function simCluster(
  ids: readonly string[],
  overrides: Partial<NodeConfig> = {},
  simOpts: SimOptions = {},
  /** Nodes of the cluster not started at first (started later with restart). */
  absent: readonly string[] = [],
): SimCluster {
  const world = new SimWorld(simOpts);
  const nodes = new Map<string, StoreNode>();
  const boot = (id: string): StoreNode => {
    const n = new StoreNode(nodeConfig(id, ids, overrides), world.ports(id));
    n.start();
    nodes.set(id, n);
    return n;
  };
  for (const id of ids) if (!absent.includes(id)) boot(id);
  const settle = (): Promise<void> => new Promise((r) => setImmediate(r));
  const run = async (ms: number, stepMs = 5): Promise<void> => {
    for (let t = 0; t < ms; t += stepMs) {
      world.advance(Math.min(stepMs, ms - t));
      await settle();
    }
  };
  const until = async (cond: () => boolean, maxMs = 10_000): Promise<void> => {
    for (let t = 0; !cond(); t += 5) {
      if (t >= maxMs) throw new Error(`condition not met within ${maxMs} simulated ms`);
      await run(5);
    }
  };
  const startWrite = (id: string, key: string, value: Value): Pending => {
    const p: Pending = { result: undefined };
    const n = nodes.get(id);
    if (!n) throw new Error(`no running node ${id}`);
    void n.write(key, value).then((r) => (p.result = r));
    return p;
  };
  return {
    world,
    nodes,
    node: (id) => {
      const n = nodes.get(id);
      if (!n) throw new Error(`no running node ${id}`);
      return n;
    },
    crash: (id) => {
      nodes.get(id)?.stop();
      nodes.delete(id);
      world.crash(id);
    },
    restart: (id) => boot(id),
    settle,
    run,
    until,
    startWrite,
    write: async (id, key, value, maxMs = 10_000) => {
      const p = startWrite(id, key, value);
      await settle();
      await until(() => p.result !== undefined, maxMs);
      return p.result!;
    },
    leaderOf: (shard = 0) => {
      const leaders = [...nodes.values()].filter((n) => n.shards[shard]?.role === 'leader');
      return leaders.length === 1 ? leaders[0]!.cfg.self : undefined;
    },
  };
}
