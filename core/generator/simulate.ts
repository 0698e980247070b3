// Runs a generator against a virtual clock and instant, scripted completions,
// so tests can compare the ops a generator emits with a literal list.
import type { Op, OpType, Process } from '../history.ts';
import { createRng } from '../rng.ts';
import { SLEEP } from './combinators.ts';
import type { GenContext, Generator, Next, Thread } from './generator.ts';

export interface SimulateOptions {
  readonly concurrency: number;
  readonly seed?: number;
  /** How long each op takes, in ns of virtual time. */
  readonly latencyNs?: number;
  /** How an op completes; ok by default. */
  readonly complete?: (op: Op) => OpType;
  /** Safety bound on emitted ops. */
  readonly maxOps?: number;
}

/** The history a generator would produce if every op took latencyNs. */
export function simulate(gen: Generator | null, opts: SimulateOptions): Op[] {
  const rng = createRng(opts.seed ?? 1);
  const latency = opts.latencyNs ?? 1_000_000;
  const threads: Thread[] = [
    ...Array.from({ length: opts.concurrency }, (_, i) => i),
    'nemesis' as const,
  ];
  const proc = new Map<Thread, Process>(threads.map((t) => [t, t]));
  const busy = new Map<Thread, { at: number; invoke: Op | null }>();
  const history: Op[] = [];
  let now = 0;
  const ctx = (): GenContext => ({
    timeNs: now,
    free: threads.filter((t) => !busy.has(t)),
    threads,
    processOf: (t) => proc.get(t)!,
    rng,
  });
  const completeEarliest = (): void => {
    const [thread, b] = [...busy.entries()].sort((a, z) => a[1].at - z[1].at)[0]!;
    now = Math.max(now, b.at);
    busy.delete(thread);
    if (b.invoke === null) return;
    const type = opts.complete?.(b.invoke) ?? 'ok';
    const done: Op = { ...b.invoke, index: history.length, type, time: now };
    history.push(done);
    if (type === 'info' && typeof thread === 'number') {
      proc.set(thread, (b.invoke.process as number) + opts.concurrency);
    }
    if (gen !== null) gen = gen.update(ctx(), done);
  };
  while (history.length < (opts.maxOps ?? 10_000)) {
    const next: Next = gen === null ? null : gen.op(ctx());
    if (next === null || next === 'pending') {
      if (busy.size === 0) break;
      completeEarliest();
      continue;
    }
    const due = [...busy.values()].some((b) => b.at <= next.op.timeNs);
    if (due) {
      completeEarliest();
      continue;
    }
    now = Math.max(now, next.op.timeNs);
    gen = next.gen;
    const thread = threads.find((t) => proc.get(t) === next.op.process)!;
    if (next.op.f === SLEEP) {
      busy.set(thread, { at: now + Number(next.op.value), invoke: null });
      continue;
    }
    const invoke: Op = {
      index: history.length,
      type: 'invoke',
      process: next.op.process,
      f: next.op.f,
      value: next.op.value,
      time: now,
    };
    history.push(invoke);
    if (gen !== null) gen = gen.update(ctx(), invoke);
    busy.set(thread, { at: now + latency, invoke });
  }
  return history;
}

/** Compact form for literal comparisons: [process, type, f, value, time]. */
export function brief(ops: readonly Op[]): [Process, OpType, string, unknown, number][] {
  return ops.map((o) => [o.process, o.type, o.f, o.value, o.time]);
}
