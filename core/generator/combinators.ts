// Generator combinators. Each returns a Generator, so they nest freely. All of
// them are immutable: op() and update() return new generators.
import type { Op } from '../history.ts';
import type { GenContext, GenOp, Generator, Next, Thread } from './generator.ts';

/** The parts of an op a generator author usually gives; the rest is filled in. */
export interface OpSpec {
  readonly f: string;
  readonly value?: unknown;
  readonly node?: string;
  readonly timeNs?: number;
}

/** f of the op that makes a worker idle for value ns; never recorded in the history. */
export const SLEEP = 'sleep';

/** Completes an op spec with a random free thread's process and the current time. */
export function fill(ctx: GenContext, spec: OpSpec): GenOp | 'pending' {
  if (ctx.free.length === 0) return 'pending';
  const thread = ctx.free.length === 1 ? ctx.free[0]! : ctx.rng.pick(ctx.free);
  return {
    process: ctx.processOf(thread),
    f: spec.f,
    value: spec.value ?? null,
    timeNs: spec.timeNs ?? ctx.timeNs,
    ...(spec.node !== undefined ? { node: spec.node } : {}),
  };
}

/** An endless stream of ops from a function; null from the function ends it. */
export function fn(f: (ctx: GenContext) => OpSpec | null): Generator {
  const gen: Generator = {
    op(ctx) {
      if (ctx.free.length === 0) return 'pending';
      const spec = f(ctx);
      if (spec === null) return null;
      const op = fill(ctx, spec);
      return op === 'pending' ? op : { op, gen };
    },
    update: () => gen,
  };
  return gen;
}

/** Exactly one op. */
export function once(spec: OpSpec): Generator {
  return {
    op(ctx) {
      const op = fill(ctx, spec);
      return op === 'pending' ? op : { op, gen: null };
    },
    update() {
      return this;
    },
  };
}

/** Idles one worker for durationNs (Jepsen's sleep). */
export function sleep(durationNs: number): Generator {
  return once({ f: SLEEP, value: durationNs });
}

/** Runs generators one after another, each until it is exhausted. */
export function seq(...gens: readonly Generator[]): Generator {
  if (gens.length === 0) return { op: () => null, update: () => null };
  const [head, ...rest] = gens as [Generator, ...Generator[]];
  const self: Generator = {
    op(ctx) {
      const next = head.op(ctx);
      if (next === null) return rest.length === 0 ? null : seq(...rest).op(ctx);
      if (next === 'pending') return next;
      return { op: next.op, gen: next.gen === null ? seq(...rest) : seq(next.gen, ...rest) };
    },
    update(ctx, event) {
      const h = head.update(ctx, event);
      if (h === head) return self;
      return h === null ? seq(...rest) : seq(h, ...rest);
    },
  };
  return self;
}

/** Repeats a generator forever (or `times` times), restarting it when exhausted. */
export function repeat(gen: Generator, times = Infinity): Generator {
  if (times <= 0) return { op: () => null, update: () => null };
  const loop = (cur: Generator, left: number): Generator => {
    const self: Generator = {
      op(ctx) {
        if (left <= 0) return null;
        const next = cur.op(ctx);
        if (next === null) return left <= 1 ? null : loop(gen, left - 1).op(ctx);
        if (next === 'pending') return next;
        return { op: next.op, gen: next.gen === null ? loop(gen, left - 1) : loop(next.gen, left) };
      },
      update(ctx, event) {
        const c = cur.update(ctx, event);
        if (c === cur) return self;
        return c === null ? loop(gen, left - 1) : loop(c, left);
      },
    };
    return self;
  };
  return loop(gen, times);
}

/** At most n ops. */
export function limit(n: number, gen: Generator): Generator {
  if (n <= 0) return { op: () => null, update: () => null };
  const self: Generator = {
    op(ctx) {
      const next = gen.op(ctx);
      if (next === null || next === 'pending') return next;
      return { op: next.op, gen: next.gen === null ? null : limit(n - 1, next.gen) };
    },
    update(ctx, event) {
      return rewrapped(self, gen, gen.update(ctx, event), (g) => limit(n, g));
    },
  };
  return self;
}

/** Ends the generator durationNs after it is first asked for an op. */
export function timeLimit(durationNs: number, gen: Generator, deadlineNs?: number): Generator {
  const self: Generator = {
    op(ctx) {
      const deadline = deadlineNs ?? ctx.timeNs + durationNs;
      if (ctx.timeNs >= deadline) return null;
      const next = gen.op(ctx);
      if (next === null || next === 'pending') return next;
      if (next.op.timeNs >= deadline) return null;
      return {
        op: next.op,
        gen: next.gen === null ? null : timeLimit(durationNs, next.gen, deadline),
      };
    },
    update(ctx, event) {
      return rewrapped(self, gen, gen.update(ctx, event), (g) =>
        timeLimit(durationNs, g, deadlineNs),
      );
    },
  };
  return self;
}

/**
 * Spaces ops about meanNs apart (uniform in [0, 2·meanNs)), for a mean rate
 * of 1/meanNs across all threads this generator feeds.
 */
export function stagger(meanNs: number, gen: Generator, nextNs?: number): Generator {
  const self: Generator = {
    op(ctx) {
      const next = gen.op(ctx);
      if (next === null || next === 'pending') return next;
      const at = Math.max(next.op.timeNs, nextNs ?? ctx.timeNs);
      const following = at + ctx.rng.next() * 2 * meanNs;
      return {
        op: { ...next.op, timeNs: at },
        gen: next.gen === null ? null : stagger(meanNs, next.gen, following),
      };
    },
    update(ctx, event) {
      return rewrapped(self, gen, gen.update(ctx, event), (g) => stagger(meanNs, g, nextNs));
    },
  };
  return self;
}

/**
 * A one-part combinator after its part's update: itself when the part is
 * unchanged (most events change nothing), done when the part is, else
 * rebuilt around the new part.
 */
function rewrapped(
  self: Generator,
  before: Generator,
  after: Generator | null,
  rebuild: (g: Generator) => Generator,
): Generator | null {
  if (after === before) return self;
  return after === null ? null : rebuild(after);
}

/** No part changed: a combinator then returns itself, not a rebuilt copy, on each of the many events that change nothing. */
function unchanged(after: readonly (Generator | null)[], before: readonly Generator[]): boolean {
  for (let i = 0; i < before.length; i++) if (after[i] !== before[i]) return false;
  return true;
}

/** Each op comes from a randomly chosen generator; done when all are done. */
export function mix(gens: readonly Generator[]): Generator {
  const live = gens;
  const self: Generator = {
    op(ctx) {
      let pool = live;
      while (pool.length > 0) {
        const i = pool.length === 1 ? 0 : ctx.rng.int(pool.length);
        const next = pool[i]!.op(ctx);
        if (next === null) {
          pool = pool.filter((_, j) => j !== i);
          continue;
        }
        if (next === 'pending') return next;
        const updated = pool.slice();
        if (next.gen === null) updated.splice(i, 1);
        else updated[i] = next.gen;
        return { op: next.op, gen: updated.length === 0 ? null : mix(updated) };
      }
      return null;
    },
    update(ctx, event) {
      const all = live.map((g) => g.update(ctx, event));
      if (unchanged(all, live)) return self;
      const updated = all.filter((g) => g !== null);
      return updated.length === 0 ? null : mix(updated);
    },
  };
  return self;
}

function restrict(ctx: GenContext, keep: (t: Thread) => boolean): GenContext {
  return {
    timeNs: ctx.timeNs,
    free: ctx.free.filter(keep),
    threads: ctx.threads.filter(keep),
    processOf: (t) => ctx.processOf(t),
    rng: ctx.rng,
  };
}

function onThreads(keep: (t: Thread) => boolean, gen: Generator): Generator {
  const self: Generator = {
    op(ctx) {
      const next = gen.op(restrict(ctx, keep));
      if (next === null || next === 'pending') return next;
      return { op: next.op, gen: next.gen === null ? null : onThreads(keep, next.gen) };
    },
    update(ctx, event) {
      return rewrapped(self, gen, gen.update(restrict(ctx, keep), event), (g) =>
        onThreads(keep, g),
      );
    },
  };
  return self;
}

/** Ops only on client threads. */
export function clients(gen: Generator): Generator {
  return onThreads((t) => t !== 'nemesis', gen);
}

/** Ops only on the nemesis thread. */
export function nemesis(gen: Generator): Generator {
  return onThreads((t) => t === 'nemesis', gen);
}

/**
 * Runs several generators side by side (e.g. clients and nemesis); the op
 * due soonest goes first. Done when all are done.
 */
export function any(gens: readonly Generator[]): Generator {
  const self: Generator = {
    op(ctx) {
      let best: { i: number; next: Exclude<Next, null | 'pending'> } | null = null;
      let pending = false;
      for (let i = 0; i < gens.length; i++) {
        const next = gens[i]!.op(ctx);
        if (next === null) continue;
        if (next === 'pending') {
          pending = true;
          continue;
        }
        if (best === null || next.op.timeNs < best.next.op.timeNs) best = { i, next };
      }
      if (best === null) {
        if (!pending) return null;
        return 'pending';
      }
      const updated = gens.slice();
      if (best.next.gen === null) updated.splice(best.i, 1);
      else updated[best.i] = best.next.gen;
      return { op: best.next.op, gen: any(updated) };
    },
    update(ctx, event) {
      const all = gens.map((g) => g.update(ctx, event));
      if (unchanged(all, gens)) return self;
      const updated = all.filter((g) => g !== null);
      return updated.length === 0 ? null : any(updated);
    },
  };
  return self;
}

function inFlight(ctx: GenContext): boolean {
  return ctx.free.length < ctx.threads.length;
}

/** Waits until every thread is idle, then runs gen (Jepsen's synchronize). */
export function synchronize(gen: Generator): Generator {
  const self: Generator = {
    op(ctx) {
      if (inFlight(ctx)) return 'pending';
      return gen.op(ctx);
    },
    update(ctx, event: Op) {
      return rewrapped(self, gen, gen.update(ctx, event), synchronize);
    },
  };
  return self;
}

/** Phases: each one starts after the previous is exhausted and all its ops completed. */
export function phases(...gens: readonly Generator[]): Generator {
  return seq(...gens.map((g, i) => (i === 0 ? g : synchronize(g))));
}

/** A fixed list of op specs, in order. */
export function list(specs: readonly OpSpec[]): Generator {
  return seq(...specs.map((s) => once(s)));
}
