// A store node: its replication mode, the client API (write, read, status,
// clock) and the node's single periodic tick. It never touches the network,
// files or real time (everything comes through Ports), and it knows nothing
// of leaders, logs or versions: those are the mode's (replication/mode.ts).
import type { Ports } from './ports.ts';
import type { JsonObject, RequestOptions, Value } from './protocol.ts';
import type { ReadOutcome, Refusal, WriteOutcome } from './outcomes.ts';
import { badRequest } from './outcomes.ts';
import type { NodeMode, Replica } from './replication/mode.ts';
import { checkStatement } from './values.ts';
import { durability, type Durability } from './durability.ts';

/**
 * --fsync: whether a record is on the disk (always) or only in the OS (never)
 * before anything that depends on it leaves the node.
 */
export type FsyncPolicy = 'always' | 'never';
export const FSYNC_POLICIES: readonly FsyncPolicy[] = ['always', 'never'];
export const DEFAULT_FSYNC: FsyncPolicy = 'always';

/** Who a node is and what it runs: what the flags (or a test) decide. */
export interface NodeSetup {
  readonly self: string;
  /** Every node, self included, sorted (sortNodeIds). */
  readonly nodes: readonly string[];
  readonly mode: NodeMode;
  /** Absent: DEFAULT_FSYNC. */
  readonly fsync?: FsyncPolicy;
}

export class StoreNode {
  private readonly replica: Replica;
  private readonly durable: Durability;
  private tickTimer: number | null = null;
  private stopped = false;

  constructor(
    readonly setup: NodeSetup,
    private readonly ports: Ports,
  ) {
    const { self, nodes } = setup;
    const fsync = (setup.fsync ?? DEFAULT_FSYNC) === 'always';
    const durable = durability(fsync, ports.storage, ports.transport, ports.turns);
    this.durable = durable;
    this.replica = setup.mode.create({
      self,
      nodes,
      clock: ports.clock,
      timers: ports.timers,
      random: ports.random,
      log: ports.log,
      // Modes acknowledge only after persist returns; the sync that makes it durable comes
      // before the acknowledgement leaves (durability.ts holds messages and answers until then).
      send: (to, msg) => durable.send(to, msg),
      persist: (record) => durable.persist(record),
    });
  }

  get id(): string {
    return this.setup.self;
  }

  /** Loads durable state, starts listening to peers and ticking. */
  start(): void {
    this.replica.start(this.ports.storage.load());
    this.ports.transport.onMessage((from, msg) => this.receive(from, msg));
    this.scheduleTick();
  }

  stop(): void {
    this.stopped = true;
    if (this.tickTimer !== null) this.ports.timers.clear(this.tickTimer);
    this.tickTimer = null;
    this.replica.stop();
    this.durable.abandon();
  }

  receive(from: string, msg: unknown): void {
    if (this.stopped || !this.setup.nodes.includes(from) || from === this.setup.self) return;
    this.replica.receive(from, msg);
  }

  /** `options`: the request's fields besides key and value, for the mode to validate. */
  write(key: string, value: Value, options: RequestOptions = {}): Promise<WriteOutcome> {
    const bad = checkStatement(value);
    if (bad) return Promise.resolve(badRequest(bad));
    if (this.stopped) return Promise.resolve(stopping());
    return this.durable.hold(this.replica.write(key, value, options));
  }

  /** `options`: the request's fields besides keys, for the mode to validate. */
  read(keys: readonly string[], options: RequestOptions = {}): Promise<ReadOutcome> {
    if (this.stopped) return Promise.resolve(stopping());
    return this.durable.hold(this.replica.read(keys, options));
  }

  /** The envelope (id, mode, clock) with the mode's own fields beside it. */
  status(): JsonObject {
    return {
      id: this.setup.self,
      mode: this.setup.mode.name,
      clockMs: this.ports.clock.nowMs(),
      clockOffsetMs: this.ports.clock.offsetMs(),
      ...this.replica.status(),
    };
  }

  /** The status, once every record it reflects is on the disk: what HTTP answers. */
  syncedStatus(): Promise<JsonObject> {
    return this.durable.hold(Promise.resolve(this.status()));
  }

  setClockOffset(offsetMs: number): void {
    this.ports.clock.setOffsetMs(offsetMs);
    this.ports.log(`clock offset set to ${offsetMs} ms`);
  }

  private scheduleTick(): void {
    this.tickTimer = this.ports.timers.set(() => {
      if (this.stopped) return;
      this.replica.tick();
      this.scheduleTick();
    }, this.setup.mode.tickMs);
  }
}

function stopping(): Refusal {
  return {
    ok: false,
    kind: 'unavailable',
    error: 'stopped',
    definite: true,
    message: 'this node is shutting down; send the request to another node',
  };
}
