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

/** --fsync: whether a record is on the disk (always) or only in the OS (never) when persist returns. */
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
  private tickTimer: number | null = null;
  private stopped = false;

  constructor(
    readonly setup: NodeSetup,
    private readonly ports: Ports,
  ) {
    const { self, nodes } = setup;
    const fsync = (setup.fsync ?? DEFAULT_FSYNC) === 'always';
    this.replica = setup.mode.create({
      self,
      nodes,
      clock: ports.clock,
      timers: ports.timers,
      random: ports.random,
      log: ports.log,
      send: (to, msg) => ports.transport.send(to, msg),
      // Modes acknowledge only after persist returns, so a sync here precedes every acknowledgement.
      persist: (record) => {
        ports.storage.append(record);
        if (fsync) ports.storage.sync();
      },
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
    return this.replica.write(key, value, options);
  }

  /** `options`: the request's fields besides keys, for the mode to validate. */
  read(keys: readonly string[], options: RequestOptions = {}): Promise<ReadOutcome> {
    if (this.stopped) return Promise.resolve(stopping());
    return this.replica.read(keys, options);
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
