// Helpers for tests of single-leader on the simulated world (not used in
// production): store nodes (the real core) running this mode with a config
// built in code, answering in the wire shapes a client sees.
import { SimWorld, type SimOptions } from '../../memory.ts';
import { StoreNode } from '../../node.ts';
import { errorReply, readReply, writeReply } from '../../outcomes.ts';
import type { ErrorReply, Value } from '../../protocol.ts';
import { bindMode } from '../mode.ts';
import { nodeConfig, type NodeConfig } from './config.ts';
import { isStorageRecord, type StorageRecord } from './records.ts';
import type {
  ReadOptions,
  SingleLeaderReadReply,
  SingleLeaderWriteReply,
  StatusReply,
} from './protocol.ts';
import { isSingleLeaderStatus } from './protocol.ts';
import { singleLeaderDefinition } from './index.ts';

export type WriteResult = SingleLeaderWriteReply | ErrorReply;
export type ReadResult = SingleLeaderReadReply | ErrorReply;
export type ReadQuery = { readonly keys: readonly string[] } & ReadOptions;

/** A single-leader node as its client sees it. */
export interface SlNode {
  readonly id: string;
  write(key: string, value: Value): Promise<WriteResult>;
  read(q: ReadQuery): Promise<ReadResult>;
  status(): StatusReply;
  setClockOffset(offsetMs: number): void;
  stop(): void;
}

/** A write in flight; `result` is set once the node answers. */
export interface Pending {
  result: WriteResult | undefined;
}

export interface SimCluster {
  readonly world: SimWorld;
  readonly nodes: Map<string, SlNode>;
  node(id: string): SlNode;
  /** Crash (state in memory lost, storage kept) and optionally restart. */
  crash(id: string): void;
  restart(id: string): SlNode;
  /** The node's durable records (kept across crashes). */
  records(id: string): StorageRecord[];
  /** Lets promise callbacks run: the simulated world is synchronous, acknowledgements are not. */
  settle(): Promise<void>;
  /** Advances simulated time by ms in small steps, letting acknowledgements through. */
  run(ms: number, stepMs?: number): Promise<void>;
  /** Starts a write and returns at once. */
  startWrite(id: string, key: string, value: Value): Pending;
  /** Writes and runs the world until the node answers. */
  write(id: string, key: string, value: Value, maxMs?: number): Promise<WriteResult>;
  /** Runs until cond holds (throws after maxMs simulated). */
  until(cond: () => boolean, maxMs?: number): Promise<void>;
  /** The node currently leading shard (0), asserting there is exactly one. */
  leaderOf(shard?: number): string | undefined;
}

/** The core with this mode, speaking wire shapes (what HTTP would send). */
function slNode(node: StoreNode): SlNode {
  const id = node.id;
  return {
    id,
    write: async (key, value) => {
      const r = await node.write(key, value);
      return r.ok ? (writeReply(id, r) as SingleLeaderWriteReply) : errorReply(id, r);
    },
    read: async ({ keys, ...options }) => {
      const r = await node.read(keys, options);
      return r.ok ? (readReply(id, r) as SingleLeaderReadReply) : errorReply(id, r);
    },
    status: () => {
      const s = node.status();
      if (!isSingleLeaderStatus(s)) throw new Error(`${id} is not a single-leader node`);
      return s;
    },
    setClockOffset: (ms) => node.setClockOffset(ms),
    stop: () => node.stop(),
  };
}

export function simCluster(
  ids: readonly string[],
  overrides: Partial<NodeConfig> = {},
  simOpts: SimOptions = {},
  /** Nodes of the cluster not started at first (started later with restart). */
  absent: readonly string[] = [],
): SimCluster {
  const world = new SimWorld(simOpts);
  const nodes = new Map<string, SlNode>();
  const boot = (id: string): SlNode => {
    const cfg = nodeConfig(id, ids, overrides);
    const mode = bindMode(singleLeaderDefinition, cfg);
    const core = new StoreNode({ self: id, nodes: cfg.nodes, mode }, world.ports(id));
    core.start();
    const n = slNode(core);
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
  const node = (id: string): SlNode => {
    const n = nodes.get(id);
    if (!n) throw new Error(`no running node ${id}`);
    return n;
  };
  const startWrite = (id: string, key: string, value: Value): Pending => {
    const p: Pending = { result: undefined };
    void node(id)
      .write(key, value)
      .then((r) => (p.result = r));
    return p;
  };
  return {
    world,
    nodes,
    node,
    crash: (id) => {
      nodes.get(id)?.stop();
      nodes.delete(id);
      world.crash(id);
    },
    restart: (id) => boot(id),
    records: (id) => world.storage(id).records.filter(isStorageRecord),
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
      const leaders = [...nodes.values()].filter(
        (n) => n.status().shards?.[shard]?.role === 'leader',
      );
      return leaders.length === 1 ? leaders[0]!.id : undefined;
    },
  };
}
