// One direction of one proxied connection: passes bytes through untouched
// when the link is healthy, and through the link faults (link-faults.ts)
// when not — delayed, throttled, lost or repeated, but never reordered.
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { Rng } from '../core/rng.ts';
import { splitLines, type LinkFaults } from './link-faults.ts';

export type Direction = 'forward' | 'backward';

/** What a pipe needs from its proxy and connection. */
export interface PipeHost {
  isCut(dir: Direction): boolean;
  faults(dir: Direction): LinkFaults | null;
  rng(dir: Direction): Rng;
  /** A timer the proxy cancels when it closes. */
  timer(ms: number, fn: () => void): void;
  /** Resets the whole connection (an RST both ways). */
  reset(): void;
  isClosed(): boolean;
  dropped(bytes: number): void;
}

/** Past this many bytes waiting in timers, stop reading the sender: a slow link pushes back. */
const MAX_QUEUED_BYTES = 1 << 20;
const EMPTY = Buffer.alloc(0);

export class Pipe {
  /** Bytes (or a close) were dropped by a cut: the connection must not live on after heal. */
  lost = false;
  /** performance.now() ms when the last scheduled bytes land; keeps delayed bytes in order. */
  private lastDeliverAtMs = 0;
  /** When the bandwidth cap lets the next byte start. */
  private bandwidthFreeAtMs = 0;
  /** A line waiting for its newline (framing "line"). */
  private partial: Buffer = EMPTY;
  private queuedBytes = 0;
  /**
   * Bytes waiting for their time, in stream order, under one timer: timers
   * of different lengths may fire out of order, so each chunk cannot have its own.
   */
  private readonly queue: { atMs: number; bytes?: Buffer; action?: () => void }[] = [];
  private armed = false;

  constructor(
    readonly dir: Direction,
    readonly src: Socket,
    readonly dst: Socket,
    private readonly host: PipeHost,
  ) {}

  /** Bytes from src, not cut: deliver them to dst as the link faults say. */
  push(chunk: Buffer): void {
    const f = this.host.faults(this.dir);
    const backlog = this.partial.length > 0 || this.lastDeliverAtMs > performance.now();
    if (f === null && !backlog) return this.writeNow(chunk);
    if (f === null) {
      // Faults just cleared: queue behind what is still in flight, keeping order.
      const bytes = this.partial.length > 0 ? Buffer.concat([this.partial, chunk]) : chunk;
      this.partial = EMPTY;
      return this.schedule(bytes, {});
    }
    if ((f.framing ?? 'chunk') === 'chunk') {
      if (this.draw(f.lossRate)) return this.host.reset();
      return this.schedule(chunk, f);
    }
    const { lines, rest } = splitLines(this.partial, chunk);
    this.partial = rest;
    for (const line of lines) {
      if (this.draw(f.lossRate)) {
        this.host.dropped(line.length);
        continue;
      }
      this.schedule(line, f);
      if (this.draw(f.duplicateRate)) this.schedule(line, f);
    }
  }

  /** src ended cleanly: pass the end on after every byte in flight (and slowCloseMs). */
  end(): void {
    if (this.partial.length > 0) {
      this.schedule(this.partial, {});
      this.partial = EMPTY;
    }
    this.later(() => this.dst.end());
  }

  /** Runs a close-type action after every scheduled byte, plus slowCloseMs. */
  later(fn: () => void): void {
    const slowMs = this.host.faults(this.dir)?.slowCloseMs ?? 0;
    if (slowMs <= 0 && this.queue.length === 0) return fn();
    const atMs = Math.max(this.lastDeliverAtMs, performance.now()) + slowMs;
    this.lastDeliverAtMs = atMs;
    this.queue.push({ atMs, action: fn });
    this.arm();
  }

  private writeNow(chunk: Buffer): void {
    if (this.dst.write(chunk)) return;
    this.src.pause();
    this.dst.once('drain', () => this.src.resume());
  }

  private draw(rate: number | undefined): boolean {
    return rate !== undefined && rate > 0 && this.host.rng(this.dir).next() < rate;
  }

  /** Delivers bytes after latency, jitter and the bandwidth cap, never out of order. */
  private schedule(bytes: Buffer, f: LinkFaults): void {
    const nowMs = performance.now();
    let readyMs = nowMs;
    if (f.bandwidthBytesPerS) {
      const startMs = Math.max(nowMs, this.bandwidthFreeAtMs);
      this.bandwidthFreeAtMs = startMs + (bytes.length * 1000) / f.bandwidthBytesPerS;
      readyMs = this.bandwidthFreeAtMs;
    }
    const jitterMs = f.jitterMs ? (this.host.rng(this.dir).next() * 2 - 1) * f.jitterMs : 0;
    const delayMs = Math.max(0, (f.latencyMs ?? 0) + jitterMs);
    const atMs = Math.max(readyMs + delayMs, this.lastDeliverAtMs);
    this.lastDeliverAtMs = atMs;
    this.queuedBytes += bytes.length;
    if (this.queuedBytes > MAX_QUEUED_BYTES) this.src.pause();
    this.queue.push({ atMs, bytes });
    this.arm();
  }

  private arm(): void {
    const head = this.queue[0];
    if (this.armed || head === undefined) return;
    this.armed = true;
    this.host.timer(Math.max(0, head.atMs - performance.now()), () => {
      this.armed = false;
      this.flush();
    });
  }

  /** Delivers every queued chunk that is due, in order, then waits for the next. */
  private flush(): void {
    const nowMs = performance.now();
    while (this.queue.length > 0 && this.queue[0]!.atMs <= nowMs + 0.5) {
      const next = this.queue.shift()!;
      if (next.bytes) this.deliver(next.bytes);
      else if (next.action && !this.host.isClosed()) next.action();
    }
    this.arm();
  }

  private deliver(bytes: Buffer): void {
    this.queuedBytes -= bytes.length;
    if (this.queuedBytes <= MAX_QUEUED_BYTES / 2 && this.src.isPaused()) this.src.resume();
    if (this.host.isClosed() || this.dst.destroyed) return;
    // Bytes still in flight when a cut begins are lost like the rest.
    if (this.host.isCut(this.dir)) {
      this.lost = true;
      this.host.dropped(bytes.length);
      return;
    }
    this.dst.write(bytes);
  }
}
