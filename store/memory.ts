// In-memory ports on a virtual clock: a seeded network that can delay, drop
// and partition, timers that fire only when the world advances, and storage
// that survives a simulated crash (and, once synced, a simulated power loss). Used by unit tests and the simulation.
// Messages and records are the replication mode's JSON: a message crosses
// the network serialized, a record is kept as a JSON line, as a file would.
import type { Clock, Logger, Ports, Random, Timers, Transport, Turns } from './ports.ts';
import { MemoryStorage } from './memory-storage.ts';
import { seededRandom, seedOf } from './random.ts';

interface Scheduled {
  readonly at: number;
  readonly seq: number;
  readonly owner: string;
  readonly fn: () => void;
}

export interface SimOptions {
  readonly seed?: number;
  /** Per-message delay is drawn uniformly from [minDelayMs, maxDelayMs]. */
  readonly minDelayMs?: number;
  readonly maxDelayMs?: number;
  /** Probability that a message is lost. */
  readonly dropRate?: number;
  /** Collect node log lines (default: discard). */
  readonly log?: (id: string, line: string) => void;
  /**
   * Give nodes Turns, so --fsync always groups records into one sync as on a
   * real process: a node's turn ends after the events already due at the
   * same virtual ms. Off by default: nodes sync each record, and seeded
   * histories stay as they were.
   */
  readonly groupCommit?: boolean;
}

/** How one directed link misbehaves, like a netem qdisc on it. */
export interface LinkShape {
  readonly latencyMs?: number;
  /** Uniform extra delay in [-jitterMs, +jitterMs]; messages still arrive in order. */
  readonly jitterMs?: number;
  readonly lossRate?: number;
  readonly duplicateRate?: number;
  /** Each message takes its serialized size / rate to send, one after another. */
  readonly bandwidthBytesPerS?: number;
}

interface ClockRate {
  readonly rate: number;
  /** World and node time when the rate was set. */
  readonly fromWorldMs: number;
  readonly fromMonoMs: number;
}

export class SimWorld {
  nowMs = 0;
  private seq = 0;
  private queue: Scheduled[] = [];
  private readonly handlers = new Map<string, (from: string, msg: unknown) => void>();
  private readonly offsets = new Map<string, number>();
  private readonly storages = new Map<string, MemoryStorage>();
  /** blocked.has("a>b"): messages from a to b are dropped. */
  private readonly blocked = new Set<string>();
  private readonly rng: Random;
  /** Nodes frozen as by SIGSTOP: their timers and incoming messages wait in `held`. */
  private readonly paused = new Set<string>();
  /** Shaped links ("a>b") and when the last message on each arrives, to keep them in order. */
  private readonly shapes = new Map<string, LinkShape>();
  private readonly lastArrivalMs = new Map<string, number>();
  private held: Scheduled[] = [];
  /** Nodes whose monotonic clock runs at a rate other than 1 (setClockRate). */
  private readonly rates = new Map<string, ClockRate>();
  /** Messages delivered so far, for assertions. */
  delivered = 0;

  constructor(private readonly opts: SimOptions = {}) {
    this.rng = seededRandom(opts.seed ?? 1);
  }

  storage(id: string): MemoryStorage {
    let s = this.storages.get(id);
    if (!s) this.storages.set(id, (s = new MemoryStorage()));
    return s;
  }

  /** Fresh ports for a (re)started node; its storage is kept across incarnations. */
  ports(id: string, seed = seedOf(id)): Ports {
    this.handlers.delete(id);
    const clock: Clock = {
      nowMs: () => 1_700_000_000_000 + this.nowMs + (this.offsets.get(id) ?? 0),
      monoMs: () => this.monoOf(id),
      offsetMs: () => this.offsets.get(id) ?? 0,
      setOffsetMs: (ms) => void this.offsets.set(id, ms),
    };
    const timers: Timers = {
      // A timer runs out on the node's own clock: a slow clock fires it late.
      set: (fn, delayMs) => this.schedule(id, Math.max(0, delayMs) / this.rateOf(id), fn),
      clear: (timerId) => this.cancel(timerId),
    };
    const transport: Transport = {
      send: (to, msg) => this.send(id, to, msg),
      onMessage: (handler) => void this.handlers.set(id, handler),
    };
    const log: Logger = (line) => this.opts.log?.(id, line);
    const ports = {
      transport,
      clock,
      timers,
      storage: this.storage(id),
      random: seededRandom(seed),
      log,
    };
    if (!this.opts.groupCommit) return ports;
    const turns: Turns = { afterTurn: (fn) => void this.schedule(id, 0, fn) };
    return { ...ports, turns };
  }

  /** Crash: the node's timers and in-flight messages to it vanish; storage stays. */
  crash(id: string): void {
    this.handlers.delete(id);
    this.queue = this.queue.filter((s) => s.owner !== id);
    this.held = this.held.filter((s) => s.owner !== id);
    this.paused.delete(id);
  }

  /** Power loss of the node's machine: a crash that also drops its records never synced. */
  powerLoss(id: string): number {
    this.crash(id);
    return this.storage(id).loseUnsynced();
  }

  /** Freezes a node: nothing it owns runs (timers, deliveries to it) until resume. */
  pause(id: string): void {
    this.paused.add(id);
  }

  isPaused(id: string): boolean {
    return this.paused.has(id);
  }

  /** Thaws a node: what it missed runs now, in the order it was due. */
  resume(id: string): void {
    if (!this.paused.delete(id)) return;
    const mine = this.held.filter((s) => s.owner === id);
    this.held = this.held.filter((s) => s.owner !== id);
    for (const s of mine) this.schedule(id, 0, s.fn);
  }

  /**
   * Runs a node's monotonic clock, and so its timers, at `rate` times real
   * time from now on (1: normal again; it stays behind what it lost). A
   * VM starved of CPU or with a drifting clock source does this: the node
   * still answers what arrives, but notices silence late.
   */
  setClockRate(id: string, rate: number): void {
    if (!(rate > 0)) throw new Error(`clock rate must be > 0, got ${rate}`);
    this.rates.set(id, { rate, fromWorldMs: this.nowMs, fromMonoMs: this.monoOf(id) });
  }

  private rateOf(id: string): number {
    return this.rates.get(id)?.rate ?? 1;
  }

  private monoOf(id: string): number {
    const r = this.rates.get(id);
    return r === undefined ? this.nowMs : r.fromMonoMs + (this.nowMs - r.fromWorldMs) * r.rate;
  }

  /** Drops messages from each node in `from` to each in `to`, and back unless oneWay. */
  cut(from: readonly string[], to: readonly string[], oneWay = false): void {
    for (const a of from)
      for (const b of to) {
        this.blocked.add(`${a}>${b}`);
        if (!oneWay) this.blocked.add(`${b}>${a}`);
      }
  }

  /** Splits nodes into isolated components. */
  partition(...components: string[][]): void {
    for (const c of components) for (const d of components) if (c !== d) this.cut(c, d, true);
  }

  heal(): void {
    this.blocked.clear();
  }

  /** Shapes messages from a to b (null: back to the plain network). */
  shapeLink(from: string, to: string, shape: LinkShape | null): void {
    const key = `${from}>${to}`;
    if (shape === null) {
      this.shapes.delete(key);
      this.lastArrivalMs.delete(key);
    } else this.shapes.set(key, shape);
  }

  /** Runs every timer due within the next ms milliseconds, in time order. */
  advance(ms: number): void {
    const until = this.nowMs + ms;
    for (;;) {
      const next = this.queue[0];
      if (!next || next.at > until) break;
      this.queue.shift();
      this.nowMs = next.at;
      if (this.paused.has(next.owner)) this.held.push(next);
      else next.fn();
    }
    this.nowMs = until;
  }

  /** When the earliest timer or message is due (null: nothing is scheduled). */
  nextDueMs(): number | null {
    return this.queue[0]?.at ?? null;
  }

  /** Advances in small steps until cond holds; throws after maxMs. */
  async until(cond: () => boolean, maxMs = 10_000, stepMs = 5): Promise<void> {
    const end = this.nowMs + maxMs;
    while (!cond()) {
      if (this.nowMs >= end) throw new Error(`condition not met within ${maxMs} simulated ms`);
      this.advance(stepMs);
      // Let promise callbacks (write acknowledgements) run between steps.
      await Promise.resolve();
    }
  }

  private schedule(owner: string, delayMs: number, fn: () => void): number {
    const item: Scheduled = { at: this.nowMs + delayMs, seq: ++this.seq, owner, fn };
    // Stable insertion keeps equal-time events in scheduling order: determinism.
    let i = this.queue.length;
    while (i > 0 && this.queue[i - 1]!.at > item.at) i--;
    this.queue.splice(i, 0, item);
    return item.seq;
  }

  private cancel(timerId: number): void {
    const i = this.queue.findIndex((s) => s.seq === timerId);
    if (i >= 0) this.queue.splice(i, 1);
  }

  private send(from: string, to: string, msg: unknown): void {
    if (this.blocked.has(`${from}>${to}`)) return;
    if (this.opts.dropRate && this.rng.next() < this.opts.dropRate) return;
    const min = this.opts.minDelayMs ?? 1;
    const max = this.opts.maxDelayMs ?? min;
    let delayMs = min + Math.floor(this.rng.next() * (max - min + 1));
    // Serialize like a wire would, so no object is shared between nodes.
    const frame = JSON.stringify(msg);
    const deliver = () => {
      if (this.blocked.has(`${from}>${to}`)) return;
      const h = this.handlers.get(to);
      if (!h) return;
      this.delivered++;
      const copy: unknown = JSON.parse(frame);
      h(from, copy);
    };
    const shape = this.shapes.get(`${from}>${to}`);
    if (shape !== undefined) {
      const shaped = this.shaped(`${from}>${to}`, shape, delayMs, frame.length);
      if (shaped === null) return;
      delayMs = shaped.delayMs;
      if (shaped.duplicate) this.schedule(to, delayMs, deliver);
    }
    this.schedule(to, delayMs, deliver);
  }

  /** A shaped link's delay for one message (null: lost), never overtaking the one before. */
  private shaped(
    key: string,
    shape: LinkShape,
    baseMs: number,
    bytes: number,
  ): { delayMs: number; duplicate: boolean } | null {
    if (shape.lossRate && this.rng.next() < shape.lossRate) return null;
    const jitter = shape.jitterMs ? (this.rng.next() * 2 - 1) * shape.jitterMs : 0;
    const sendMs = shape.bandwidthBytesPerS ? (bytes * 1000) / shape.bandwidthBytesPerS : 0;
    const previous = this.lastArrivalMs.get(key) ?? 0;
    // A bandwidth cap queues messages behind each other; latency only shifts them.
    const arrival = Math.max(
      this.nowMs + Math.max(0, baseMs + (shape.latencyMs ?? 0) + jitter),
      previous + sendMs,
      this.nowMs + sendMs,
    );
    this.lastArrivalMs.set(key, arrival);
    const duplicate = shape.duplicateRate ? this.rng.next() < shape.duplicateRate : false;
    return { delayMs: Math.round(arrival - this.nowMs), duplicate };
  }
}
