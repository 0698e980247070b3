// The interpreter: the one place that owns workers, timers and the seeded RNG.
// It asks the generator for ops, hands them to client workers (one session
// each) or the nemesis worker, and records every invoke and completion.
import type { Op, Process } from '../core/history.ts';
import type { Client, ClientFactory, Completion } from '../core/client.ts';
import type { Clock } from '../core/clock.ts';
import type { NodeInfo } from '../core/cluster.ts';
import type { Nemesis, NemesisContext } from '../nemesis/nemesis.ts';
import type { Recorder } from './recorder.ts';
import type { Rng } from '../core/rng.ts';
import type { GenContext, GenOp, Generator, Next, Thread } from '../core/generator/generator.ts';
import { SLEEP } from '../core/generator/combinators.ts';

export interface InterpreterOptions {
  readonly generator: Generator;
  readonly concurrency: number;
  readonly clients: ClientFactory;
  readonly nodes: readonly NodeInfo[];
  readonly nemesis: Nemesis;
  readonly nemesisContext: NemesisContext;
  readonly recorder: Recorder;
  readonly rng: Rng;
  readonly clock: Clock;
  /** A client op still running after this is recorded as info and its process retired. */
  readonly opTimeoutMs: number;
  /** Stops handing out new ops (in-flight ops still complete). */
  readonly signal?: AbortSignal;
  /** Called after every recorded op (progress display, monitors). */
  readonly onOp?: (op: Op) => void;
  /**
   * Thread t starts as session firstProcess + t [default 0]. A later phase
   * passes one past the highest session already in the history, so no
   * session id is ever reused (a checker would join the two into one session).
   */
  readonly firstProcess?: number;
}

interface Done {
  readonly thread: Thread;
  readonly invoke: Op | null;
  readonly completion: Completion | null;
}

/** Jepsen's rule: a thread's process moves on by `concurrency` when an op ends in info. */
function nextProcess(p: number, concurrency: number): number {
  return p + concurrency;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export async function interpret(opts: InterpreterOptions): Promise<void> {
  const { concurrency, recorder, clock } = opts;
  const threads: Thread[] = [...Array.from({ length: concurrency }, (_, i) => i), 'nemesis'];
  const first = opts.firstProcess ?? 0;
  const process = new Map<Thread, Process>(
    threads.map((t) => [t, t === 'nemesis' ? t : first + t]),
  );
  const clientOf = new Map<number, Client>();
  const busy = new Map<Thread, Promise<Done>>();
  let gen: Generator | null = opts.generator;

  const ctx = (): GenContext => ({
    timeNs: clock.nowNs(),
    free: threads.filter((t) => !busy.has(t)),
    threads,
    processOf: (t) => process.get(t)!,
    rng: opts.rng,
  });
  const record = (op: Omit<Op, 'index'>): Op => {
    const recorded = recorder.append(op);
    opts.onOp?.(recorded);
    return recorded;
  };
  const threadOf = (p: Process): Thread => {
    for (const [t, q] of process) if (q === p) return t;
    throw new Error(`generator emitted an op for process ${String(p)}, which no thread runs`);
  };

  const runClientOp = async (thread: number, op: GenOp, invoke: Op): Promise<Done> => {
    const p = op.process as number;
    let client = clientOf.get(p);
    const ac = new AbortController();
    const settled = new AbortController();
    // Timers come from the clock, so a simulated run times out in virtual time.
    void clock.sleepMs(opts.opTimeoutMs, settled.signal).then(() => {
      if (!settled.signal.aborted) ac.abort();
    });
    try {
      if (client === undefined) {
        client = await opts.clients.open(p, opts.nodes);
        clientOf.set(p, client);
      }
      const pending = client.invoke(
        { process: p, f: op.f, value: op.value, ...(op.node ? { node: op.node } : {}) },
        { signal: ac.signal, timeoutMs: opts.opTimeoutMs },
      );
      // A client that ignores its abort signal must not hold the run hostage.
      const late = new Promise<Completion>((resolve) =>
        ac.signal.addEventListener('abort', () =>
          clock
            .sleepMs(Math.min(1000, opts.opTimeoutMs), settled.signal)
            .then(() => resolve({ type: 'info', value: op.value, error: 'timeout' })),
        ),
      );
      return { thread, invoke, completion: await Promise.race([pending, late]) };
    } catch (err) {
      return {
        thread,
        invoke,
        completion: {
          type: 'info',
          value: op.value,
          error: ac.signal.aborted ? 'timeout' : `client threw: ${errorText(err)}`,
        },
      };
    } finally {
      settled.abort();
    }
  };

  const runNemesisOp = async (op: GenOp, invoke: Op): Promise<Done> => {
    try {
      const r = await opts.nemesis.invoke({ f: op.f, value: op.value }, opts.nemesisContext);
      return {
        thread: 'nemesis',
        invoke,
        completion: {
          type: 'info',
          value: r.value,
          ...(r.nodes && r.nodes.length > 0 ? { node: r.nodes.join(',') } : {}),
          ...(r.error ? { error: r.error } : {}),
        },
      };
    } catch (err) {
      return {
        thread: 'nemesis',
        invoke,
        completion: { type: 'info', value: op.value, error: `nemesis failed: ${errorText(err)}` },
      };
    }
  };

  const dispatch = (op: GenOp): void => {
    const thread = threadOf(op.process);
    if (op.f === SLEEP) {
      const ms = Number(op.value) / 1e6;
      busy.set(
        thread,
        clock.sleepMs(ms).then(() => ({ thread, invoke: null, completion: null })),
      );
      return;
    }
    const invoke = record({
      type: 'invoke',
      process: op.process,
      f: op.f,
      value: op.value,
      time: clock.nowNs(),
      ...(op.node !== undefined ? { node: op.node } : {}),
    });
    if (gen !== null) gen = gen.update(ctx(), invoke);
    busy.set(
      thread,
      thread === 'nemesis' ? runNemesisOp(op, invoke) : runClientOp(thread, op, invoke),
    );
  };

  const complete = async (done: Done): Promise<void> => {
    busy.delete(done.thread);
    if (done.invoke === null || done.completion === null) return;
    const c = done.completion;
    const op = record({
      type: c.type,
      process: done.invoke.process,
      f: done.invoke.f,
      value: c.value,
      time: clock.nowNs(),
      ...(c.node !== undefined ? { node: c.node } : {}),
      ...(c.version !== undefined ? { version: c.version } : {}),
      ...(c.stored !== undefined ? { stored: c.stored } : {}),
      ...(c.error !== undefined ? { error: c.error } : {}),
    });
    if (typeof done.thread === 'number' && c.type === 'info') {
      const p = done.invoke.process as number;
      const client = clientOf.get(p);
      clientOf.delete(p);
      process.set(done.thread, nextProcess(p, concurrency));
      await client?.close().catch(() => {});
    }
    if (gen !== null) gen = gen.update(ctx(), op);
  };

  const waitForCompletion = async (untilNs: number | null): Promise<void> => {
    const waits: Promise<Done | null>[] = [...busy.values()];
    const sleeper = new AbortController();
    if (untilNs !== null) {
      const ms = (untilNs - clock.nowNs()) / 1e6;
      waits.push(clock.sleepMs(ms, sleeper.signal).then(() => null));
    }
    if (waits.length === 0) return;
    const first = await Promise.race(waits);
    sleeper.abort();
    if (first !== null) await complete(first);
  };

  let idleSpins = 0;
  while (true) {
    const stopped = opts.signal?.aborted === true;
    const next: Next = gen === null || stopped ? null : gen.op(ctx());
    if (next === null) {
      if (busy.size === 0) break;
      await waitForCompletion(null);
      continue;
    }
    if (next === 'pending') {
      if (busy.size === 0) {
        // Nothing in flight can change the answer; only time can (e.g. a phase boundary).
        if (++idleSpins > 10_000) throw new Error('generator stayed pending with no op in flight');
        await waitForCompletion(clock.nowNs() + 5e6);
        continue;
      }
      await waitForCompletion(null);
      continue;
    }
    idleSpins = 0;
    if (next.op.timeNs > clock.nowNs()) {
      await waitForCompletion(next.op.timeNs);
      continue;
    }
    gen = next.gen;
    dispatch(next.op);
  }
  await Promise.all([...clientOf.values()].map((c) => c.close().catch(() => {})));
}
