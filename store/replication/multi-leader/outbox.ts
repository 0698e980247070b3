// This node's log of changes (its own and those it forwards, in the order it
// applied them) and, per peer it sends to, how far that peer has
// acknowledged. Each message covers a range of the log and is acknowledged as
// that range; the peer's position moves only over contiguous acknowledged
// ranges, so a lost message is never skipped. Everything past the position is
// resent every sync period (go-back-N); the receiver drops duplicates.
import type { Change, Message } from './messages.ts';

/** Most changes in one message. */
const BATCH = 200;

interface Entry {
  readonly change: Change;
  /** The peers this node sends it to. */
  readonly to: readonly string[];
  /** Monotonic ms when it entered the log (restart time for replayed ones). */
  readonly atMs: number;
}

export type PeerBacklog = {
  /** Changes not yet acknowledged by the peer. */
  readonly ops: number;
  /** Age of the oldest of them, ms (0 when none). */
  readonly oldestMs: number;
};

export class Outbox {
  private readonly log: Entry[] = [];
  private readonly acked = new Map<string, number>();
  private readonly sent = new Map<string, number>();
  /** Acknowledged ranges past the position, waiting for the gap before them to close. */
  private readonly ahead = new Map<string, [number, number][]>();

  constructor(private readonly peers: readonly string[]) {
    for (const p of peers) {
      this.acked.set(p, 0);
      this.sent.set(p, 0);
    }
  }

  get length(): number {
    return this.log.length;
  }

  append(change: Change, to: readonly string[], atMs: number): void {
    this.log.push({ change, to, atMs });
  }

  /** The peer holds what the log had in [from, upTo) for it. */
  acknowledge(peer: string, from: number, upTo: number): void {
    let at = this.acked.get(peer);
    if (at === undefined || upTo <= at || upTo > this.log.length) return;
    const ranges = [...(this.ahead.get(peer) ?? []), [from, upTo] as [number, number]];
    ranges.sort((a, b) => a[0] - b[0]);
    const rest: [number, number][] = [];
    for (const [f, u] of ranges) {
      if (f <= at) at = Math.max(at, u);
      else rest.push([f, u]);
    }
    this.ahead.set(
      peer,
      rest.filter(([, u]) => u > at!),
    );
    this.acked.set(peer, at);
    this.sent.set(peer, Math.max(this.sent.get(peer)!, at));
  }

  /** Forget what was sent but not acknowledged, so the next flush resends it. */
  rewind(): void {
    for (const p of this.peers) this.sent.set(p, this.acked.get(p)!);
  }

  /** Messages carrying what each peer has not been sent yet. */
  flush(): { to: string; msg: Message }[] {
    const out: { to: string; msg: Message }[] = [];
    for (const p of this.peers) {
      const start = this.sent.get(p)!;
      let i = start;
      if (i >= this.log.length) continue;
      const changes: Change[] = [];
      for (; i < this.log.length && changes.length < BATCH; i++)
        if (this.log[i]!.to.includes(p)) changes.push(this.log[i]!.change);
      this.sent.set(p, i);
      // Nothing in the range for this peer: it is acknowledged without a message.
      if (changes.length === 0) this.acknowledge(p, start, i);
      else out.push({ to: p, msg: { type: 'changes', changes, from: start, upTo: i } });
    }
    return out;
  }

  backlog(nowMs: number): Record<string, PeerBacklog> {
    const out: Record<string, PeerBacklog> = {};
    for (const p of this.peers) {
      let ops = 0;
      let oldest: number | null = null;
      for (let i = this.acked.get(p)!; i < this.log.length; i++) {
        const e = this.log[i]!;
        if (!e.to.includes(p)) continue;
        ops++;
        oldest ??= e.atMs;
      }
      out[p] = { ops, oldestMs: oldest === null ? 0 : Math.max(0, nowMs - oldest) };
    }
    return out;
  }
}
