// A cluster of store nodes of any replication mode on the simulated world,
// for the mode contract suite: nodes built from store flags through the
// registry (as the simulation backend builds them), every message and record
// they emit recorded, and calls that run the world until the node answers.
import { SimWorld } from '../memory.ts';
import { StoreNode } from '../node.ts';
import { nodeSetup } from '../options.ts';
import type { Ports } from '../ports.ts';
import type { ReadOutcome, Refusal, WriteOk, WriteOutcome } from '../outcomes.ts';
import type { RequestOptions, Value } from '../protocol.ts';

/** What a node handed its ports: the mode's messages and records, as sent. */
export interface Emitted {
  readonly messages: { readonly from: string; readonly to: string; readonly msg: unknown }[];
  readonly records: { readonly node: string; readonly record: unknown }[];
}

export class ContractCluster {
  readonly world: SimWorld;
  readonly nodes = new Map<string, StoreNode>();
  readonly emitted: Emitted = { messages: [], records: [] };

  constructor(
    readonly ids: readonly string[],
    private readonly storeArgs: readonly string[],
    seed = 1,
    groupCommit = false,
  ) {
    this.world = new SimWorld({ seed, minDelayMs: 1, maxDelayMs: 5, groupCommit });
    for (const id of ids) this.start(id);
  }

  node(id: string): StoreNode {
    const n = this.nodes.get(id);
    if (!n) throw new Error(`node ${id} is not running`);
    return n;
  }

  /** Starts (or restarts, from its storage) a node. */
  start(id: string): StoreNode {
    const node = new StoreNode(nodeSetup(id, this.ids, this.storeArgs), this.recording(id));
    node.start();
    this.nodes.set(id, node);
    return node;
  }

  /** A crash: the node's memory, timers and in-flight messages are lost; its storage is kept. */
  crash(id: string): void {
    this.nodes.get(id)?.stop();
    this.nodes.delete(id);
    this.world.crash(id);
  }

  /** Advances virtual time in 5 ms steps, letting promise callbacks run between them. */
  async run(ms: number): Promise<void> {
    for (let t = 0; t < ms; t += 5) {
      this.world.advance(Math.min(5, ms - t));
      await new Promise<void>((r) => setImmediate(r));
    }
  }

  /** Runs the world until the call answers; throws after maxMs virtual ms. */
  async call<T>(id: string, fn: (n: StoreNode) => Promise<T>, maxMs = 10_000): Promise<T> {
    let out: { value: T } | undefined;
    void fn(this.node(id)).then((value) => (out = { value }));
    for (let t = 0; out === undefined; t += 5) {
      if (t >= maxMs) throw new Error(`node ${id} did not answer within ${maxMs} virtual ms`);
      await this.run(5);
    }
    return out.value;
  }

  read(id: string, keys: readonly string[], options: RequestOptions = {}): Promise<ReadOutcome> {
    return this.call(id, (n) => n.read(keys, options));
  }

  /**
   * A write sent to `id`, following redirects and retrying definite refusals
   * (an election, a node not ready) as a client would, until acknowledged.
   * Without faults nothing may stay unknown: an indefinite refusal throws.
   */
  async write(id: string, key: string, value: Value, maxMs = 20_000): Promise<Acked> {
    let target = id;
    const end = this.world.nowMs + maxMs;
    for (;;) {
      const r: WriteOutcome = await this.call(target, (n) => n.write(key, value));
      if (r.ok) return { node: target, ok: r };
      if (!r.definite) throw new Error(`write of ${key} left unknown: ${refusalText(r)}`);
      if (this.world.nowMs >= end) throw new Error(`write of ${key} refused: ${refusalText(r)}`);
      if (r.kind === 'redirect' && r.redirect && this.nodes.has(r.redirect)) target = r.redirect;
      else await this.run(50);
    }
  }

  /** Ports that record what the node sends and persists, then pass it to the world. */
  private recording(id: string): Ports {
    const p = this.world.ports(id);
    return {
      ...p,
      transport: {
        send: (to, msg) => {
          this.emitted.messages.push({ from: id, to, msg });
          p.transport.send(to, msg);
        },
        onMessage: (h) => p.transport.onMessage(h),
      },
      storage: {
        load: () => p.storage.load(),
        append: (record) => {
          this.emitted.records.push({ node: id, record });
          p.storage.append(record);
        },
        sync: () => p.storage.sync(),
      },
    };
  }
}

export interface Acked {
  /** The node that acknowledged the write. */
  readonly node: string;
  readonly ok: WriteOk;
}

export function refusalText(r: Refusal): string {
  return `${r.kind} ${r.error}${r.redirect ? ` -> ${r.redirect}` : ''}: ${r.message}`;
}
