import { describe, expect, it } from 'vitest';
import { NODES, fakeClock, lastRng } from './testing/policy-fakes.ts';
import type { Clock } from '../../core/clock.ts';
import { READ_POLICIES, UnknownReadPolicyError, readPolicy } from './read-policy.ts';

/** The node id a policy picks, or "leader" for a leader read. */
const chosen = (p: ReturnType<typeof readPolicy>): string => {
  const c = p.choose(1, NODES);
  return 'leader' in c ? 'leader' : c.node.id;
};
const tokenOf = (p: ReturnType<typeof readPolicy>, process = 1) => {
  const c = p.choose(process, NODES);
  return 'leader' in c ? undefined : c.minLsns;
};

describe('leader-window read policy', () => {
  const make = (clock: Clock) =>
    readPolicy('leader-window', { rng: lastRng, clock, leaderWindowMs: 1000 });

  it('reads any node before the session has written', () => {
    expect(chosen(make(fakeClock()))).toBe('n3');
  });

  it('reads the leader inside the window after a write, any node once it has passed', () => {
    const clock = fakeClock();
    const p = make(clock);
    clock.advanceMs(5000);
    p.wrote('n1', 0, 7);
    expect(chosen(p)).toBe('leader');
    clock.advanceMs(999);
    expect(chosen(p)).toBe('leader');
    clock.advanceMs(1);
    expect(chosen(p)).toBe('n3');
    clock.advanceMs(10_000);
    expect(chosen(p)).toBe('n3');
  });

  it('each write restarts the window; reads do not', () => {
    const clock = fakeClock();
    const p = make(clock);
    p.wrote('n1', 0, 1);
    clock.advanceMs(800);
    p.wrote('n1', 0, 2);
    clock.advanceMs(800);
    p.read('n2', { '0': 2 });
    expect(chosen(p)).toBe('leader');
    clock.advanceMs(200);
    expect(chosen(p)).toBe('n3');
  });

  it('defaults to a 1000 ms window', () => {
    const clock = fakeClock();
    const p = readPolicy('leader-window', { rng: lastRng, clock });
    p.wrote('n1', 0, 1);
    clock.advanceMs(999);
    expect(chosen(p)).toBe('leader');
    clock.advanceMs(1);
    expect(chosen(p)).toBe('n3');
  });
});

describe('lsn-token read policy', () => {
  const make = () => readPolicy('lsn-token', { rng: lastRng, clock: fakeClock() });

  it('starts with an empty token', () => {
    expect(make().choose(1, NODES)).toEqual({ node: NODES[2], minLsns: {} });
  });

  it('keeps the highest LSN written or read per shard, never mixing shards', () => {
    const p = make();
    p.wrote('n2', 1, 50);
    p.wrote('n1', 0, 3);
    expect(tokenOf(p)).toEqual({ '0': 3, '1': 50 });
    p.read('n3', { '0': 9, '2': 4 });
    p.read('n2', { '0': 5, '1': 10 });
    p.wrote('n1', 0, 4);
    expect(tokenOf(p)).toEqual({ '0': 9, '1': 50, '2': 4 });
  });

  it('hands out a copy: a later write does not change a request already made', () => {
    const p = make();
    p.wrote('n1', 0, 1);
    const before = tokenOf(p);
    p.wrote('n1', 0, 2);
    expect(before).toEqual({ '0': 1 });
  });

  it('gives each policy instance its own token', () => {
    const a = make();
    const b = make();
    a.wrote('n1', 0, 8);
    expect(tokenOf(b, 2)).toEqual({});
  });
});

describe('readPolicy', () => {
  it('leader, any, sticky choose as named and ask for no token; only leader asks for a leader read', () => {
    const opts = { rng: lastRng, clock: fakeClock() };
    expect(readPolicy('leader', opts).choose(4, NODES)).toEqual({ leader: true });
    expect(readPolicy('any', opts).choose(4, NODES)).toEqual({ node: NODES[2] });
    expect(readPolicy('sticky', opts).choose(4, NODES)).toEqual({ node: NODES[1] });
  });

  it('knows every listed policy and names them all for an unknown one', () => {
    const opts = { rng: lastRng, clock: fakeClock() };
    for (const name of READ_POLICIES) expect(() => readPolicy(name, opts)).not.toThrow();
    expect(() => readPolicy('nearest', opts)).toThrow(UnknownReadPolicyError);
    expect(() => readPolicy('nearest', opts)).toThrow(
      'unknown read policy "nearest"; expected one of: leader, any, sticky, lsn-token, leader-window',
    );
  });
});
