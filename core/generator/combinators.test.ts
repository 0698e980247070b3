import { describe, expect, it } from 'vitest';
import {
  any,
  clients,
  fn,
  limit,
  list,
  mix,
  nemesis,
  phases,
  repeat,
  sleep,
  stagger,
  timeLimit,
} from './combinators.ts';
import { brief, simulate } from './simulate.ts';
import type { Generator, Thread } from './generator.ts';
import { createRng } from '../rng.ts';

const ms = 1_000_000;

describe('generator combinators', () => {
  it('limit bounds an endless stream and spreads ops over free threads', () => {
    const h = simulate(
      clients(
        limit(
          4,
          fn(() => ({ f: 'read' })),
        ),
      ),
      {
        concurrency: 2,
        seed: 7,
      },
    );
    expect(h.filter((o) => o.type === 'invoke')).toHaveLength(4);
    expect(new Set(h.map((o) => o.process))).toEqual(new Set([0, 1]));
  });

  it('list emits exactly its ops, in order, one thread at a time', () => {
    const h = simulate(clients(list([{ f: 'a' }, { f: 'b' }])), { concurrency: 1 });
    expect(brief(h)).toEqual([
      [0, 'invoke', 'a', null, 0],
      [0, 'ok', 'a', null, 1 * ms],
      [0, 'invoke', 'b', null, 1 * ms],
      [0, 'ok', 'b', null, 2 * ms],
    ]);
  });

  it('timeLimit stops handing out ops once its time has passed', () => {
    const h = simulate(
      clients(
        timeLimit(
          10 * ms,
          fn(() => ({ f: 'x' })),
        ),
      ),
      {
        concurrency: 1,
        latencyNs: 3 * ms,
      },
    );
    expect(h.filter((o) => o.type === 'invoke').map((o) => o.time)).toEqual(
      [0, 3, 6, 9].map((t) => t * ms),
    );
  });

  it('stagger spaces ops by a seeded random delay with the given mean', () => {
    const run = (seed: number) =>
      simulate(
        clients(
          limit(
            200,
            stagger(
              10 * ms,
              fn(() => ({ f: 'x' })),
            ),
          ),
        ),
        {
          concurrency: 5,
          seed,
          latencyNs: 1000,
        },
      );
    const a = run(3);
    expect(brief(a)).toEqual(brief(run(3)));
    expect(brief(a)).not.toEqual(brief(run(4)));
    const times = a.filter((o) => o.type === 'invoke').map((o) => o.time);
    const meanGap = (times.at(-1)! - times[0]!) / (times.length - 1);
    expect(meanGap).toBeGreaterThan(7 * ms);
    expect(meanGap).toBeLessThan(13 * ms);
  });

  it('phases waits for every op of a phase to complete before the next begins', () => {
    const h = simulate(
      clients(
        phases(
          limit(
            3,
            fn(() => ({ f: 'w' })),
          ),
          list([{ f: 'final' }]),
        ),
      ),
      { concurrency: 3, latencyNs: 5 * ms },
    );
    const lastOfPhase1 = Math.max(...h.filter((o) => o.f === 'w').map((o) => o.time));
    const final = h.find((o) => o.f === 'final' && o.type === 'invoke')!;
    expect(final.time).toBeGreaterThanOrEqual(lastOfPhase1);
    expect(h.filter((o) => o.f === 'w' && o.type === 'ok')).toHaveLength(3);
  });

  it('nemesis and client streams run side by side on their own threads', () => {
    const h = simulate(
      any([
        clients(
          limit(
            4,
            fn(() => ({ f: 'read' })),
          ),
        ),
        nemesis(repeat(list([{ f: 'start' }, { f: 'stop' }]), 2)),
      ]),
      { concurrency: 2 },
    );
    const nem = h.filter((o) => o.process === 'nemesis' && o.type === 'invoke').map((o) => o.f);
    expect(nem).toEqual(['start', 'stop', 'start', 'stop']);
    expect(h.filter((o) => o.f === 'read' && o.process === 'nemesis')).toHaveLength(0);
  });

  it('sleep idles the thread without recording anything', () => {
    const h = simulate(nemesis(phasesOfSleep()), {
      concurrency: 1,
    });
    expect(brief(h)).toEqual([
      ['nemesis', 'invoke', 'start', null, 5 * ms],
      ['nemesis', 'ok', 'start', null, 6 * ms],
    ]);
  });

  it('mix draws from every generator and ends when all are done', () => {
    const h = simulate(
      clients(
        mix([
          limit(
            5,
            fn(() => ({ f: 'a' })),
          ),
          limit(
            5,
            fn(() => ({ f: 'b' })),
          ),
        ]),
      ),
      { concurrency: 2, seed: 11 },
    );
    const inv = h.filter((o) => o.type === 'invoke');
    expect(inv.filter((o) => o.f === 'a')).toHaveLength(5);
    expect(inv.filter((o) => o.f === 'b')).toHaveLength(5);
  });

  it('an info completion retires the process; its thread continues as a new one', () => {
    const h = simulate(
      clients(
        limit(
          3,
          fn(() => ({ f: 'w' })),
        ),
      ),
      {
        concurrency: 2,
        seed: 1,
        complete: (op) => (op.process === 0 ? 'info' : 'ok'),
      },
    );
    const procs = h.filter((o) => o.type === 'invoke').map((o) => o.process);
    expect(procs).toContain(0);
    expect(procs.filter((p) => p === 0)).toHaveLength(1);
  });
  it('an event that changes no part leaves every layer as it was; one that does rebuilds the path to it', () => {
    const ctx = {
      timeNs: 0,
      free: [0, 'nemesis'],
      threads: [0, 'nemesis'],
      processOf: (t: Thread) => t,
      rng: createRng(1),
    } as const;
    const event = { index: 0, type: 'invoke', process: 0, f: 'w', value: null, time: 0 } as const;
    const still = fn(() => ({ f: 'w' }));
    const gen = any([
      clients(timeLimit(10 * ms, stagger(ms, limit(3, still)))),
      nemesis(phasesOfSleep()),
    ]);
    expect(gen.update(ctx, event)).toBe(gen);
    const counting: Generator = { op: () => null, update: () => ({ ...counting }) };
    const moved = any([clients(stagger(ms, counting)), nemesis(still)]);
    expect(moved.update(ctx, event)).not.toBe(moved);
  });
});

function phasesOfSleep() {
  return phases(sleep(5 * ms), list([{ f: 'start' }]));
}
