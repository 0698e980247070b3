// Hinted handoff: a node holding writes for a home replica it stood in for
// offers them to that home every HANDOFF_EVERY_MS; the home merges and acks,
// and the hint is dropped (unless it changed meanwhile). A home that is still
// unreachable simply gets the offer again next round.
import type { Message } from './messages.ts';
import type { LocalStore } from './local.ts';
import type { Siblings } from './siblings.ts';

const HANDOFF_EVERY_MS = 500;

export class Handoff {
  private readonly offered = new Map<string, { home: string; key: string; sibs: Siblings }>();
  private lastMs: number;
  private seq = 0;
  delivered = 0;

  constructor(
    private readonly local: LocalStore,
    private readonly send: (to: string, msg: Message) => void,
    private readonly idPrefix: string,
    nowMs: number,
  ) {
    this.lastMs = nowMs;
  }

  tick(nowMs: number): void {
    if (nowMs - this.lastMs < HANDOFF_EVERY_MS || this.local.hints.size === 0) return;
    this.lastMs = nowMs;
    this.offered.clear();
    for (const [home, keys] of this.local.hints) {
      for (const [key, sibs] of keys) {
        const id = `${this.idPrefix}h${this.seq++}`;
        this.offered.set(id, { home, key, sibs });
        this.send(home, { t: 'put', id, key, sibs });
      }
    }
  }

  /** True when the ack was for a handoff. */
  acked(from: string, id: string): boolean {
    const o = this.offered.get(id);
    if (o === undefined || o.home !== from) return false;
    this.offered.delete(id);
    this.local.handedOff(o.home, o.key, o.sibs);
    this.delivered++;
    return true;
  }
}
