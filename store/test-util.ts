// Helpers for tests of the core on the simulated world (not used in production).
import { SimWorld, type SimOptions } from './memory.ts';
import { StoreNode } from './node.ts';
import { nodeConfig, type NodeConfig } from './config.ts';

export interface SimCluster {
  readonly world: SimWorld;
  readonly nodes: Map<string, StoreNode>;
  node(id: string): StoreNode;
  /** Crash (state in memory lost, storage kept) and optionally restart. */
  crash(id: string): void;
  restart(id: string): StoreNode;
  /** Lets promise callbacks run: the simulated world is synchronous, acknowledgements are not. */
  settle(): Promise<void>;
}

export function simCluster(
  ids: readonly string[],
  overrides: Partial<NodeConfig> = {},
  simOpts: SimOptions = {},
): SimCluster {
  const world = new SimWorld(simOpts);
  const nodes = new Map<string, StoreNode>();
  const boot = (id: string): StoreNode => {
    const n = new StoreNode(nodeConfig(id, ids, overrides), world.ports(id));
    n.start();
    nodes.set(id, n);
    return n;
  };
  for (const id of ids) boot(id);
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
    settle: () => new Promise((r) => setImmediate(r)),
  };
}
