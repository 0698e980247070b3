// The coordinator's side of a read of one key: ask the n home replicas,
// answer with the merge of the first r replies (siblings when they hold
// concurrent versions), and keep listening until every home replica answered
// or the request times out, writing the merged state back to each home
// replica that answered with less (read repair). With --sloppy, homes still
// silent after sloppyAfterMs are asked through fallbacks, which answer with
// the hints they hold for them.
import type { Refusal } from '../../outcomes.ts';
import type { CoordinatorEnv } from './writes.ts';
import { partitionOf } from './ring.ts';
import { holds, merge, type Siblings } from './siblings.ts';

interface PendingRead {
  readonly key: string;
  readonly startMs: number;
  readonly homes: readonly string[];
  /** Node -> what it answered; fallbacks under `fallback:<node>`. */
  readonly replies: Map<string, Siblings>;
  escalated: boolean;
  /** Answer only once every home replied (the `all` read option). */
  readonly all: boolean;
  /** Set once answered: what the client got. */
  answer: Siblings | null;
  readonly done: (o: Siblings | Refusal) => void;
}

export class ReadCoordinator {
  private readonly pending = new Map<string, PendingRead>();
  /** Home replicas written back to by read repair. */
  repairs = 0;

  constructor(private readonly env: CoordinatorEnv) {}

  read(key: string, all = false): Promise<Siblings | Refusal> {
    const { env } = this;
    return new Promise((done) => {
      const id = env.newId();
      const homes = env.ring.home(partitionOf(key));
      const p: PendingRead = {
        key,
        startMs: env.monoMs(),
        homes,
        replies: new Map(),
        escalated: false,
        all,
        answer: null,
        done,
      };
      this.pending.set(id, p);
      for (const home of homes) {
        if (home === env.self) p.replies.set(home, env.local.get(key));
        else env.send(home, { t: 'get', id, keys: [key] });
      }
      this.progress(id, p);
    });
  }

  got(from: string, id: string, sibs: Siblings, fallback: boolean): void {
    const p = this.pending.get(id);
    if (p === undefined) return;
    p.replies.set(fallback ? `fallback:${from}` : from, sibs);
    this.progress(id, p);
  }

  tick(): void {
    const { config } = this.env;
    const now = this.env.monoMs();
    for (const [id, p] of this.pending) {
      const age = now - p.startMs;
      if (age >= config.requestTimeoutMs) {
        this.pending.delete(id);
        if (p.answer === null) p.done(timedOut(p.replies.size, config.r));
      } else if (
        config.sloppy &&
        !p.escalated &&
        p.answer === null &&
        age >= config.sloppyAfterMs
      ) {
        p.escalated = true;
        this.askFallbacks(id, p);
      }
    }
  }

  private askFallbacks(id: string, p: PendingRead): void {
    const { env } = this;
    const fallbacks = [...env.ring.fallbacks(partitionOf(p.key))];
    for (const home of p.homes) {
      if (p.replies.has(home)) continue;
      const f = fallbacks.shift();
      if (f === undefined) return;
      if (f === env.self)
        p.replies.set(`fallback:${f}`, env.local.hints.get(home)?.get(p.key) ?? []);
      else env.send(f, { t: 'get', id, keys: [p.key], home });
    }
    this.progress(id, p);
  }

  private progress(id: string, p: PendingRead): void {
    const { conflicts, r, blind } = this.env.config;
    if (p.replies.size < r) return;
    const everyHome = p.homes.every((h) => p.replies.has(h));
    if (p.all && !everyHome) return;
    const merged = [...p.replies.values()].reduce<Siblings>(
      (a, b) => merge(a, b, conflicts, blind),
      [],
    );
    if (p.answer === null) {
      p.answer = merged;
      p.done(merged);
    }
    this.repair(p, merged);
    if (everyHome) this.pending.delete(id);
  }

  /** Writes the newest state back to home replicas that answered with less. */
  private repair(p: PendingRead, merged: Siblings): void {
    const { env } = this;
    const { conflicts, blind, bug } = env.config;
    if (bug === 'read-repair-skipped') return;
    for (const home of p.homes) {
      const had = p.replies.get(home);
      if (had === undefined || holds(had, merged, conflicts, blind)) continue;
      this.repairs++;
      p.replies.set(home, merged);
      if (home === env.self) env.local.put(p.key, merged);
      else env.send(home, { t: 'put', id: null, key: p.key, sibs: merged });
    }
  }

  stop(): void {
    this.pending.clear();
  }
}

function timedOut(replies: number, r: number): Refusal {
  return {
    ok: false,
    kind: 'timeout',
    error: 'timeout',
    definite: true,
    message: `${replies} of the ${r} replies the read needs came in time; retry, or read with a smaller --r`,
  };
}
