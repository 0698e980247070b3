import { describe, expect, it } from 'vitest';
import type { Op } from '../core/history.ts';
import { noopNemesis, type Nemesis } from '../nemesis/nemesis.ts';
import type { ClientFactory, Completion, Invocation } from '../core/client.ts';
import { noopClientFactory } from '../core/client.ts';
import { realClock } from '../core/clock.ts';
import type { Cluster } from '../core/cluster.ts';
import { any, clients, fn, limit, list, nemesis } from '../core/generator/combinators.ts';
import type { Generator } from '../core/generator/generator.ts';
import { interpret } from './interpreter.ts';
import { memoryRecorder } from './recorder.ts';
import { createRng } from '../core/rng.ts';

const noCluster = {} as Cluster;

async function runGen(
  gen: Generator,
  factory: ClientFactory,
  opts: { nemesis?: Nemesis; firstProcess?: number } = {},
) {
  const recorder = memoryRecorder();
  await interpret({
    generator: gen,
    concurrency: 2,
    clients: factory,
    nodes: [],
    nemesis: opts.nemesis ?? noopNemesis,
    nemesisContext: { cluster: noCluster, random: () => 0.5 },
    recorder,
    rng: createRng(1),
    clock: realClock(),
    opTimeoutMs: 200,
    ...(opts.firstProcess !== undefined ? { firstProcess: opts.firstProcess } : {}),
  });
  return recorder.ops;
}

/** Every invoke is followed by exactly one completion of the same process. */
function assertPaired(ops: readonly Op[]): void {
  const open = new Map<unknown, Op>();
  for (const op of ops) {
    if (op.type === 'invoke') {
      expect(open.has(op.process)).toBe(false);
      open.set(op.process, op);
    } else if (op.process !== 'monitor') {
      expect(open.get(op.process)?.f).toBe(op.f);
      open.delete(op.process);
    }
  }
  expect(open.size).toBe(0);
}

describe('interpreter', () => {
  it('records an invoke and a completion for every op, with dense indices', async () => {
    const ops = await runGen(
      clients(
        limit(
          10,
          fn(() => ({ f: 'w', value: 1 })),
        ),
      ),
      noopClientFactory,
    );
    expect(ops).toHaveLength(20);
    expect(ops.map((o) => o.index)).toEqual([...Array(20).keys()]);
    assertPaired(ops);
    expect(ops.filter((o) => o.type === 'ok')).toHaveLength(10);
  });

  it('turns a timeout into info and retires the process (Jepsen rule)', async () => {
    const slowOnce: ClientFactory = {
      open: async (p) => ({
        invoke: (op: Invocation, ctx): Promise<Completion> =>
          p === 0
            ? new Promise((resolve) =>
                ctx.signal.addEventListener('abort', () =>
                  resolve({ type: 'info', value: op.value, error: 'timeout' }),
                ),
              )
            : new Promise((resolve) =>
                setTimeout(() => resolve({ type: 'ok', value: op.value }), 20),
              ),
        close: async () => {},
      }),
    };
    const ops = await runGen(
      clients(
        limit(
          30,
          fn(() => ({ f: 'w' })),
        ),
      ),
      slowOnce,
    );
    assertPaired(ops);
    const info = ops.filter((o) => o.type === 'info');
    expect(info).toHaveLength(1);
    expect(info[0]!.process).toBe(0);
    expect(info[0]!.error).toBe('timeout');
    const after = ops.slice(info[0]!.index + 1).filter((o) => o.type === 'invoke');
    expect(after.some((o) => o.process === 0)).toBe(false);
    expect(after.some((o) => o.process === 2)).toBe(true);
  });

  it('a client that throws becomes info with the error, never a crash', async () => {
    const throwing: ClientFactory = {
      open: async () => ({
        invoke: async () => {
          throw new Error('socket hang up');
        },
        close: async () => {},
      }),
    };
    const ops = await runGen(
      clients(
        limit(
          2,
          fn(() => ({ f: 'w' })),
        ),
      ),
      throwing,
    );
    assertPaired(ops);
    expect(ops.filter((o) => o.type === 'info').map((o) => o.error)).toEqual([
      'client threw: socket hang up',
      'client threw: socket hang up',
    ]);
  });

  it('routes nemesis ops to the nemesis and records what it did as info', async () => {
    const seen: string[] = [];
    const nem: Nemesis = {
      needs: [],
      fs: ['start-partition'],
      invoke: async (op) => {
        seen.push(op.f);
        return { value: 'cut n1 from n2', nodes: ['n1', 'n2'] };
      },
      healAll: async () => ({ value: null }),
    };
    const ops = await runGen(
      any([
        clients(
          limit(
            2,
            fn(() => ({ f: 'r' })),
          ),
        ),
        nemesis(list([{ f: 'start-partition' }])),
      ]),
      noopClientFactory,
      { nemesis: nem },
    );
    assertPaired(ops);
    expect(seen).toEqual(['start-partition']);
    const done = ops.find((o) => o.process === 'nemesis' && o.type === 'info')!;
    expect(done.value).toBe('cut n1 from n2');
    expect(done.node).toBe('n1,n2');
  });

  it('a later phase starts its sessions at firstProcess, so no session id is reused', async () => {
    const ops = await runGen(
      clients(
        limit(
          4,
          fn(() => ({ f: 'final-read' })),
        ),
      ),
      noopClientFactory,
      { firstProcess: 7 },
    );
    assertPaired(ops);
    const used = new Set(ops.map((o) => o.process));
    expect([...used].sort()).toEqual([7, 8]);
  });
});
