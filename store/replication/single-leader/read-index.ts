// A leader's read index (Raft §6.4): proof that no newer leader existed when a
// read arrived. Each check raises the round; every message the leader sends
// carries the current round and every reply echoes it, so a majority
// answering round r followed this leader after the check began.
import type { Timers } from '../../ports.ts';
import { majority } from './config.ts';

interface Confirmation {
  readonly round: number;
  readonly resolve: (confirmed: boolean) => void;
  readonly timer: number;
}

export class ReadIndex {
  /** The round every outgoing message carries. */
  round = 0;
  /** Per follower, the highest round it answered in our term. */
  private readonly acked = new Map<string, number>();
  private confirmations: Confirmation[] = [];

  constructor(
    private readonly nodeCount: number,
    private readonly timers: Timers,
  ) {}

  /**
   * Resolves true once a majority (self included) has answered a message
   * sent after this call (`broadcast` sends them); false after timeoutMs or
   * when leadership ends (stop).
   */
  confirm(timeoutMs: number, broadcast: () => void): Promise<boolean> {
    const round = ++this.round;
    if (this.answered(round)) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = this.timers.set(() => {
        this.confirmations = this.confirmations.filter((c) => c.timer !== timer);
        resolve(false);
      }, timeoutMs);
      this.confirmations.push({ round, resolve, timer });
      broadcast();
    });
  }

  /** A reply from `peer` in our term, echoing `round` (undefined: an older build's reply). */
  onReply(peer: string, round: number | undefined): void {
    if (round === undefined || round <= (this.acked.get(peer) ?? 0)) return;
    this.acked.set(peer, round);
    const done = this.confirmations.filter((c) => this.answered(c.round));
    if (done.length === 0) return;
    this.confirmations = this.confirmations.filter((c) => !done.includes(c));
    for (const c of done) this.finish(c, true);
  }

  /** Leadership ended: no pending check can succeed. */
  stop(): void {
    for (const c of this.confirmations) this.finish(c, false);
    this.confirmations = [];
  }

  private answered(round: number): boolean {
    let n = 1;
    for (const r of this.acked.values()) if (r >= round) n++;
    return n >= majority(this.nodeCount);
  }

  private finish(c: Confirmation, confirmed: boolean): void {
    this.timers.clear(c.timer);
    c.resolve(confirmed);
  }
}
