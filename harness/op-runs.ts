// One op's run on its worker, for the interpreter: a client op bounded by
// the op timeout on the run's clock, or a nemesis op. Neither throws: a
// client's failure or a timeout is an info completion (Jepsen's rule), a
// nemesis failure an info with its error.
import type { Op } from '../core/history.ts';
import type { Client, ClientFactory, Completion } from '../core/client.ts';
import type { Clock } from '../core/clock.ts';
import type { NodeInfo } from '../core/cluster.ts';
import type { Nemesis, NemesisContext } from '../nemesis/nemesis.ts';
import type { GenOp, Thread } from '../core/generator/generator.ts';

/** What a worker hands back: the invoke it ran and how it ended (null for a sleep). */
export interface Done {
  readonly thread: Thread;
  readonly invoke: Op | null;
  readonly completion: Completion | null;
}

export interface ClientOpDeps {
  readonly clients: ClientFactory;
  readonly nodes: readonly NodeInfo[];
  readonly clock: Clock;
  readonly opTimeoutMs: number;
  /** The open client of each live process; a process's first op opens one. */
  readonly open: Map<number, Client>;
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** An op's timeout: `late` resolves with its info; `cancel` drops it once the op is over. */
interface Timeout {
  readonly late: Promise<Completion>;
  cancel(): void;
}

/**
 * The op's timeout: aborts the client's signal after opTimeoutMs, and since a
 * client that ignores its signal must not hold the run hostage, resolves with
 * an info soon after. An op that ends in time costs one clock timer,
 * cancelled: no second AbortSignal, no listener.
 */
function timeout(d: ClientOpDeps, op: GenOp, ac: AbortController): Timeout {
  let over = false;
  let cancelTimer = (): void => {};
  // Each step runs a microtask after its timer, as an awaited sleep did, so
  // a seed's events keep their order within a virtual millisecond.
  const afterHop = (fn: () => void) => () => void Promise.resolve().then(() => over || fn());
  const late = new Promise<Completion>((resolve) => {
    // Timers come from the clock, so a simulated run times out in virtual time.
    cancelTimer = d.clock.afterMs(
      d.opTimeoutMs,
      afterHop(() => {
        ac.abort();
        cancelTimer = d.clock.afterMs(
          Math.min(1000, d.opTimeoutMs),
          afterHop(() => resolve({ type: 'info', value: op.value, error: 'timeout' })),
        );
      }),
    );
  });
  return {
    late,
    cancel: () => {
      over = true;
      cancelTimer();
    },
  };
}

export async function runClientOp(
  d: ClientOpDeps,
  thread: number,
  op: GenOp,
  invoke: Op,
): Promise<Done> {
  const p = op.process as number;
  let client = d.open.get(p);
  const ac = new AbortController();
  const bound = timeout(d, op, ac);
  try {
    if (client === undefined) {
      client = await d.clients.open(p, d.nodes);
      d.open.set(p, client);
    }
    const pending = client.invoke(
      { process: p, f: op.f, value: op.value, ...(op.node ? { node: op.node } : {}) },
      { signal: ac.signal, timeoutMs: d.opTimeoutMs },
    );
    return { thread, invoke, completion: await Promise.race([pending, bound.late]) };
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
    bound.cancel();
  }
}

export async function runNemesisOp(
  nemesis: Nemesis,
  ctx: NemesisContext,
  op: GenOp,
  invoke: Op,
): Promise<Done> {
  try {
    const r = await nemesis.invoke({ f: op.f, value: op.value }, ctx);
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
}
