// The interpreter: the one place that owns workers, timers and the seeded RNG.
// It asks the generator for ops, hands them to client workers (one session
// each) or the nemesis worker (op-runs.ts), and records every invoke and
// completion. One Interpretation holds a phase's state: which process each
// thread runs, the open clients, the ops in flight, the generator.
import type { Op, Process } from '../core/history.ts';
import type { Client, ClientFactory } from '../core/client.ts';
import type { Clock } from '../core/clock.ts';
import type { NodeInfo } from '../core/cluster.ts';
import type { Nemesis, NemesisContext } from '../nemesis/nemesis.ts';
import type { Recorder } from './recorder.ts';
import type { Rng } from '../core/rng.ts';
import type { GenContext, GenOp, Generator, Next, Thread } from '../core/generator/generator.ts';
import { SLEEP } from '../core/generator/combinators.ts';
import { runClientOp, runNemesisOp, type ClientOpDeps, type Done } from './op-runs.ts';

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

/** Jepsen's rule: a thread's process moves on by `concurrency` when an op ends in info. */
function nextProcess(p: number, concurrency: number): number {
  return p + concurrency;
}

/** A generator that stays pending this many turns with nothing in flight is stuck. */
const MAX_IDLE_SPINS = 10_000;

class Interpretation {
  private readonly threads: Thread[];
  private readonly process: Map<Thread, Process>;
  private readonly clientOf = new Map<number, Client>();
  /** Threads with an op (or a sleep) in flight. */
  private readonly busy = new Set<Thread>();
  /** Ops whose invoke is recorded but whose request waits for the recorder's flush. */
  private readonly toStart: (() => Promise<Done>)[] = [];
  /** Finished ops not yet recorded, in the order they finished. */
  private readonly finished: Done[] = [];
  private wake: (() => void) | null = null;
  private gen: Generator | null;
  private readonly clientDeps: ClientOpDeps;

  constructor(private readonly opts: InterpreterOptions) {
    this.clientDeps = { ...opts, open: this.clientOf };
    this.threads = [...Array.from({ length: opts.concurrency }, (_, i) => i), 'nemesis'];
    const first = opts.firstProcess ?? 0;
    this.process = new Map<Thread, Process>(
      this.threads.map((t) => [t, t === 'nemesis' ? t : first + t]),
    );
    this.gen = opts.generator;
  }

  private ctx(): GenContext {
    return {
      timeNs: this.opts.clock.nowNs(),
      free: this.threads.filter((t) => !this.busy.has(t)),
      threads: this.threads,
      processOf: (t) => this.process.get(t)!,
      rng: this.opts.rng,
    };
  }

  private record(op: Omit<Op, 'index'>): Op {
    const recorded = this.opts.recorder.append(op);
    this.opts.onOp?.(recorded);
    return recorded;
  }

  private threadOf(p: Process): Thread {
    for (const [t, q] of this.process) if (q === p) return t;
    throw new Error(`generator emitted an op for process ${String(p)}, which no thread runs`);
  }

  /** Records the op's invoke and hands it to its thread's worker (a sleep just waits). */
  private dispatch(op: GenOp): void {
    const { clock } = this.opts;
    const thread = this.threadOf(op.process);
    if (op.f === SLEEP) {
      const ms = Number(op.value) / 1e6;
      this.busy.add(thread);
      this.track(clock.sleepMs(ms).then(() => ({ thread, invoke: null, completion: null })));
      return;
    }
    const invoke = this.record({
      type: 'invoke',
      process: op.process,
      f: op.f,
      value: op.value,
      time: clock.nowNs(),
      ...(op.node !== undefined ? { node: op.node } : {}),
    });
    if (this.gen !== null) this.gen = this.gen.update(this.ctx(), invoke);
    const o = this.opts;
    this.busy.add(thread);
    this.toStart.push(() =>
      thread === 'nemesis'
        ? runNemesisOp(o.nemesis, o.nemesisContext, op, invoke)
        : runClientOp(this.clientDeps, thread, op, invoke),
    );
  }

  private track(p: Promise<Done>): void {
    void p.then((done) => {
      this.finished.push(done);
      const w = this.wake;
      this.wake = null;
      w?.();
    });
  }

  /** One write for every op recorded since the last; then the requests of the new invokes go out. */
  private flushAndStart(): void {
    const starts = this.toStart.splice(0);
    const startAll = (): void => {
      for (const start of starts) this.track(start());
    };
    const { recorder } = this.opts;
    // A recorder that can gathers a turn's writes into one, before the turn's requests.
    if (recorder.flushThen) recorder.flushThen(startAll);
    else {
      recorder.flush();
      startAll();
    }
  }

  /** Records a completion; an info retires the process (and its client) for a fresh one. */
  private async complete(done: Done): Promise<void> {
    this.busy.delete(done.thread);
    if (done.invoke === null || done.completion === null) return;
    const c = done.completion;
    const op = this.record({
      type: c.type,
      process: done.invoke.process,
      f: done.invoke.f,
      value: c.value,
      time: this.opts.clock.nowNs(),
      ...(c.node !== undefined ? { node: c.node } : {}),
      ...(c.version !== undefined ? { version: c.version } : {}),
      ...(c.stored !== undefined ? { stored: c.stored } : {}),
      ...(c.error !== undefined ? { error: c.error } : {}),
    });
    if (typeof done.thread === 'number' && c.type === 'info') {
      const p = done.invoke.process as number;
      const client = this.clientOf.get(p);
      this.clientOf.delete(p);
      this.process.set(done.thread, nextProcess(p, this.opts.concurrency));
      await client?.close().catch(() => {});
    }
    if (this.gen !== null) this.gen = this.gen.update(this.ctx(), op);
  }

  /** Waits until some op in flight ends (then records every one that has), or until untilNs. */
  private async waitForCompletion(untilNs: number | null): Promise<void> {
    const { clock } = this.opts;
    this.flushAndStart();
    if (this.finished.length === 0) {
      if (this.busy.size === 0 && untilNs === null) return;
      const woken = new Promise<void>((resolve) => (this.wake = resolve));
      if (untilNs === null) {
        // The common wait (every session busy): no timer, no AbortController.
        await woken;
      } else {
        // One clock timer, cancelled if an op ends first: no AbortSignal per wait.
        let cancel = (): void => {};
        const slept = new Promise<void>((resolve) => {
          cancel = clock.afterMs((untilNs - clock.nowNs()) / 1e6, resolve);
        });
        await Promise.race([woken, slept]);
        cancel();
      }
      this.wake = null;
    }
    for (const done of this.finished.splice(0)) await this.complete(done);
  }

  /** Asks the generator for ops until it is done and nothing is in flight. */
  async loop(): Promise<void> {
    const { clock } = this.opts;
    let idleSpins = 0;
    while (true) {
      const stopped = this.opts.signal?.aborted === true;
      const next: Next = this.gen === null || stopped ? null : this.gen.op(this.ctx());
      if (next === null) {
        if (this.busy.size === 0) break;
        await this.waitForCompletion(null);
        continue;
      }
      if (next === 'pending') {
        if (this.busy.size === 0) {
          // Nothing in flight can change the answer; only time can (e.g. a phase boundary).
          if (++idleSpins > MAX_IDLE_SPINS)
            throw new Error('generator stayed pending with no op in flight');
          await this.waitForCompletion(clock.nowNs() + 5e6);
          continue;
        }
        await this.waitForCompletion(null);
        continue;
      }
      idleSpins = 0;
      if (next.op.timeNs > clock.nowNs()) {
        await this.waitForCompletion(next.op.timeNs);
        continue;
      }
      this.gen = next.gen;
      this.dispatch(next.op);
    }
  }

  async closeClients(): Promise<void> {
    this.opts.recorder.flush();
    await Promise.all([...this.clientOf.values()].map((c) => c.close().catch(() => {})));
  }
}

export async function interpret(opts: InterpreterOptions): Promise<void> {
  const run = new Interpretation(opts);
  await run.loop();
  await run.closeClients();
}
