// One node of the leaderless (Dynamo-style) store, DDIA 5.4: whichever node a
// client talks to coordinates its request over the key's n home replicas on
// the ring (writes.ts, reads.ts); read repair, hinted handoff (handoff.ts)
// and anti-entropy (anti-entropy.ts) bring replicas back together.
import type { JsonObject, Value } from '../../protocol.ts';
import type { ReadOk, ReadOutcome, Refusal, WriteOutcome } from '../../outcomes.ts';
import type { ModeContext, ReplicationMode } from '../mode.ts';
import type { Message, Record_ } from './messages.ts';
import type { LeaderlessConfig, ReadOptions, WriteOptions } from './options.ts';
import { AntiEntropy } from './anti-entropy.ts';
import { Handoff } from './handoff.ts';
import { LocalStore } from './local.ts';
import { ReadCoordinator } from './reads.ts';
import { partitionOf, Ring } from './ring.ts';
import { clockOf, contextOf, written, type Siblings } from './siblings.ts';
import { WriteCoordinator, type CoordinatorEnv } from './writes.ts';

/** Dots reserved per record, so a write rarely waits for one. */
const DOT_BLOCK = 1000;

export class Leaderless implements ReplicationMode<Message, Record_, ReadOptions, WriteOptions> {
  private readonly ring: Ring;
  private readonly local: LocalStore;
  private readonly writes: WriteCoordinator;
  private readonly reads: ReadCoordinator;
  private readonly handoff: Handoff;
  private readonly ae: AntiEntropy;
  private dot = 0;
  private dotsUpTo = 0;
  private seq = 0;
  private readonly epoch: string;

  constructor(
    private readonly config: LeaderlessConfig,
    private readonly ctx: ModeContext<Message, Record_>,
  ) {
    this.ring = new Ring(ctx.nodes, config.n);
    this.epoch = Math.floor(ctx.random.next() * 2 ** 32).toString(36);
    this.local = new LocalStore(
      config.conflicts,
      (r) => ctx.persist(r),
      () => this.ae?.changed(),
      config.blind,
    );
    const env: CoordinatorEnv = {
      self: ctx.self,
      config,
      ring: this.ring,
      local: this.local,
      monoMs: () => ctx.clock.monoMs(),
      send: (to, msg) => ctx.send(to, msg),
      newId: () => `${this.epoch}.${this.seq++}`,
    };
    this.writes = new WriteCoordinator(env);
    this.reads = new ReadCoordinator(env);
    const now = ctx.clock.monoMs();
    this.handoff = new Handoff(this.local, env.send, `${this.epoch}.`, now);
    const interval = config.antiEntropyIntervalMs;
    this.ae = new AntiEntropy(ctx.self, ctx.nodes, this.ring, this.local, interval, env.send, now);
  }

  start(records: readonly Record_[]): void {
    for (const r of records) {
      if (r.t === 'dots') this.dot = this.dotsUpTo = Math.max(this.dotsUpTo, r.upTo);
      else this.local.replay(r);
    }
  }

  async write(key: string, value: Value, options: WriteOptions): Promise<WriteOutcome> {
    let context = options.context;
    if (context === undefined) {
      const seen = await this.reads.read(key);
      if (!Array.isArray(seen)) return seen as Refusal;
      context = contextOf(seen);
    }
    const dot = this.nextDot(context[this.ctx.self] ?? 0);
    const sib = written(value, [this.ctx.self, dot], context, this.ctx.clock.nowMs());
    return this.writes.write(key, sib);
  }

  async read(keys: readonly string[], options: ReadOptions): Promise<ReadOutcome> {
    const answers = await Promise.all(keys.map((k) => this.readKey(k, options)));
    const refused = answers.find((a): a is Refusal => !Array.isArray(a));
    if (refused !== undefined) return refused;
    return assemble(keys, answers as Siblings[]);
  }

  private readKey(key: string, options: ReadOptions): Promise<Siblings | Refusal> {
    if (options.local && this.ring.home(partitionOf(key)).includes(this.ctx.self))
      return Promise.resolve(this.local.get(key));
    return this.reads.read(key, options.all);
  }

  receive(from: string, msg: Message): void {
    switch (msg.t) {
      case 'put':
        if (msg.home !== undefined) this.local.hint(msg.home, msg.key, msg.sibs);
        else this.local.put(msg.key, msg.sibs);
        if (msg.id !== null) this.ctx.send(from, { t: 'ack', id: msg.id });
        return;
      case 'ack':
        if (!this.handoff.acked(from, msg.id)) this.writes.acked(from, msg.id);
        return;
      case 'get':
        this.ctx.send(from, { t: 'got', id: msg.id, data: this.served(msg.keys, msg.home) });
        return;
      case 'got':
        for (const [key, sibs] of Object.entries(msg.data))
          this.reads.got(from, msg.id, sibs, !this.ring.home(partitionOf(key)).includes(from));
        return;
      default:
        this.ae.receive(from, msg);
    }
  }

  private served(keys: readonly string[], home: string | undefined): Record<string, Siblings> {
    const out: Record<string, Siblings> = {};
    for (const k of keys)
      out[k] = home === undefined ? this.local.get(k) : (this.local.hints.get(home)?.get(k) ?? []);
    return out;
  }

  tick(): void {
    const now = this.ctx.clock.monoMs();
    this.writes.tick();
    this.reads.tick();
    this.handoff.tick(now);
    this.ae.tick(now);
  }

  status(): JsonObject {
    const c = this.config;
    const pendingHints = this.local.pendingHints();
    const inSync = this.ae.settled();
    return {
      n: c.n,
      w: c.w,
      r: c.r,
      sloppy: c.sloppy,
      conflicts: c.conflicts,
      keys: this.local.data.size,
      pendingHints,
      hintsHandedOff: this.handoff.delivered,
      readRepairs: this.reads.repairs,
      antiEntropy: {
        intervalMs: c.antiEntropyIntervalMs,
        rounds: this.ae.rounds,
        keysRepaired: this.ae.keysRepaired,
        inSync,
      },
      settled: pendingHints === 0 && inSync,
    };
  }

  stop(): void {
    this.writes.stop();
    this.reads.stop();
  }

  /** A fresh dot above any this node used before (and above what the client saw of it). */
  private nextDot(seen: number): number {
    this.dot = Math.max(this.dot, seen) + 1;
    if (this.dot > this.dotsUpTo) {
      this.dotsUpTo = this.dot + DOT_BLOCK;
      this.ctx.persist({ t: 'dots', upTo: this.dotsUpTo });
    }
    return this.dot;
  }
}

/** The client's answer: per key its value and version, or its siblings. */
function assemble(keys: readonly string[], answers: readonly Siblings[]): ReadOk {
  const values: Record<string, Value> = {};
  const versions: Record<string, ReturnType<typeof contextOf>> = {};
  const siblings: Record<string, { value: Value; version: ReturnType<typeof clockOf> }[]> = {};
  keys.forEach((key, i) => {
    const sibs = answers[i]!;
    values[key] = sibs.length === 1 ? sibs[0]!.value : null;
    versions[key] = contextOf(sibs);
    if (sibs.length > 1) siblings[key] = sibs.map((s) => ({ value: s.value, version: clockOf(s) }));
  });
  return {
    ok: true,
    values,
    versions,
    ...(Object.keys(siblings).length > 0 ? { siblings } : {}),
  };
}
