// The coordinator's side of a write: the node a client talks to sends the new
// sibling to the key's n home replicas and acknowledges after w of them (itself
// included when it is one). With --sloppy, home replicas still silent after
// sloppyAfterMs are stood in for by the next nodes of the preference list,
// which keep the write as a hint for the home they replace.
import type { WriteOutcome } from '../../outcomes.ts';
import type { Message } from './messages.ts';
import type { LocalStore } from './local.ts';
import type { LeaderlessConfig } from './options.ts';
import { partitionOf, type Ring } from './ring.ts';
import { clockOf, type Sibling } from './siblings.ts';

export interface CoordinatorEnv {
  readonly self: string;
  readonly config: LeaderlessConfig;
  readonly ring: Ring;
  readonly local: LocalStore;
  readonly monoMs: () => number;
  readonly send: (to: string, msg: Message) => void;
  readonly newId: () => string;
}

interface PendingWrite {
  readonly key: string;
  readonly sib: Sibling;
  readonly startMs: number;
  readonly acked: Set<string>;
  /** Home replica -> the fallback standing in for it. */
  readonly standIns: Map<string, string>;
  escalated: boolean;
  readonly done: (o: WriteOutcome) => void;
}

export class WriteCoordinator {
  private readonly pending = new Map<string, PendingWrite>();

  constructor(private readonly env: CoordinatorEnv) {}

  write(key: string, sib: Sibling): Promise<WriteOutcome> {
    const { env } = this;
    return new Promise((done) => {
      const id = env.newId();
      const p: PendingWrite = {
        key,
        sib,
        startMs: env.monoMs(),
        acked: new Set(),
        standIns: new Map(),
        escalated: false,
        done,
      };
      this.pending.set(id, p);
      for (const home of env.ring.home(partitionOf(key))) {
        if (home === env.self) {
          env.local.put(key, [sib]);
          p.acked.add(home);
        } else env.send(home, { t: 'put', id, key, sibs: [sib] });
      }
      this.settle(id, p);
    });
  }

  acked(from: string, id: string): void {
    const p = this.pending.get(id);
    if (p === undefined) return;
    p.acked.add(from);
    this.settle(id, p);
  }

  /** Escalates to fallbacks, or times out, what waited too long. */
  tick(): void {
    const now = this.env.monoMs();
    for (const [id, p] of this.pending) {
      const age = now - p.startMs;
      if (age >= this.env.config.requestTimeoutMs) {
        this.pending.delete(id);
        p.done(timedOut(p.acked.size, this.env.config.w));
      } else if (this.env.config.sloppy && !p.escalated && age >= this.env.config.sloppyAfterMs) {
        p.escalated = true;
        this.standIn(id, p);
        this.settle(id, p);
      }
    }
  }

  private standIn(id: string, p: PendingWrite): void {
    const { env } = this;
    const partition = partitionOf(p.key);
    const fallbacks = [...env.ring.fallbacks(partition)];
    for (const home of env.ring.home(partition)) {
      if (p.acked.has(home)) continue;
      const f = fallbacks.shift();
      if (f === undefined) return;
      p.standIns.set(home, f);
      if (f === env.self) {
        env.local.hint(home, p.key, [p.sib]);
        p.acked.add(f);
      } else env.send(f, { t: 'put', id, key: p.key, sibs: [p.sib], home });
    }
  }

  private settle(id: string, p: PendingWrite): void {
    if (p.acked.size < this.env.config.w) return;
    this.pending.delete(id);
    const version = clockOf(p.sib);
    const hinted = [...p.standIns.values()].filter((f) => p.acked.has(f));
    p.done({
      ok: true,
      version,
      fields: { replicas: [...p.acked].sort(), ...(hinted.length > 0 ? { hinted } : {}) },
    });
  }

  stop(): void {
    this.pending.clear();
  }
}

function timedOut(acks: number, w: number): WriteOutcome {
  return {
    ok: false,
    kind: 'timeout',
    error: 'timeout',
    definite: false,
    message: `${acks} of the ${w} acknowledgements the write needs came in time; replicas that took it keep it`,
  };
}
