import { describe, expect, it } from 'vitest';
import type { Anomaly, CheckResult } from '../checkers/checker.ts';
import type { Op } from '../core/history.ts';
import { summarizeCauses } from './cause.ts';
import { faultIntervals } from './faults.ts';

/** A hand-built history with times in seconds; returns indices so anomalies can name ops. */
class H {
  readonly ops: Op[] = [];
  private add(o: Omit<Op, 'index' | 'time'> & { s: number }): number {
    const { s, ...rest } = o;
    this.ops.push({ index: this.ops.length, time: Math.round(s * 1e9), ...rest } as Op);
    return this.ops.length - 1;
  }
  /** An acknowledged write by process p on node; returns the ok's index. */
  write(p: number, key: string, v: number, s: number, node?: string): number {
    this.add({ type: 'invoke', process: p, f: 'write', value: [['w', key, v]], s });
    return this.add({
      type: 'ok',
      process: p,
      f: 'write',
      value: [['w', key, v]],
      s: s + 0.002,
      ...(node ? { node } : {}),
    });
  }
  read(p: number, key: string, v: number, s: number, node?: string): number {
    this.add({ type: 'invoke', process: p, f: 'read', value: [['r', key, null]], s });
    return this.add({
      type: 'ok',
      process: p,
      f: 'read',
      value: [['r', key, v]],
      s: s + 0.002,
      ...(node ? { node } : {}),
    });
  }
  nemesis(f: string, value: unknown, done: unknown, s: number, node?: string): void {
    this.add({ type: 'invoke', process: 'nemesis', f, value, s });
    this.add({ type: 'info', process: 'nemesis', f, value: done, s, ...(node ? { node } : {}) });
  }
  lag(s: number, lags: Record<string, number>): void {
    const value = Object.fromEntries(
      Object.entries(lags).map(([n, ms]) => [n, { lagOps: 1, lagMs: ms }]),
    );
    this.add({ type: 'info', process: 'monitor', f: 'lag', value, s });
  }
}

const stale = (w: number, r: number): Anomaly => ({
  kind: 'stale-read',
  ops: [w, r],
  explanation: `op ${r} missed op ${w}`,
});
const result = (anomalies: Anomaly[], stats: CheckResult['stats'] = {}): CheckResult => ({
  valid: anomalies.length ? false : true,
  anomalies,
  stats,
});
const summary = (h: H, entries: [string, CheckResult][]) =>
  summarizeCauses({ history: h.ops, entries, faults: faultIntervals(h.ops) }).text;

const ISOLATE_N2 = { kind: 'isolate', grudge: { n1: ['n2'], n3: ['n2'], n2: ['n1', 'n3'] } };

/** n1 takes the writes; n2 is cut off from 6 to 12 s and serves stale reads meanwhile. */
function partitioned(): { h: H; anomalies: Anomaly[] } {
  const h = new H();
  const anomalies: Anomaly[] = [];
  h.write(0, 'k0', 1, 1, 'n1');
  h.nemesis('start-partition', { isolate: 'n2' }, ISOLATE_N2, 6, 'n1,n2,n3');
  for (let i = 0; i < 5; i++) {
    const w = h.write(0, 'k0', 2 + i, 6.5 + i, 'n1');
    h.lag(7 + i, { n2: 1000 * (i + 1), n3: 0 });
    anomalies.push(stale(w, h.read(0, 'k0', 1, 6.6 + i, 'n2')));
  }
  h.nemesis('stop-partition', null, { healed: 'all links' }, 12);
  return { h, anomalies };
}

describe('summarizeCauses', () => {
  it('names the node that served the stale reads, what it was cut off from, when, and how far behind', () => {
    const { h, anomalies } = partitioned();
    // The checker lists 5 of the 7 it found.
    const text = summary(h, [['read-your-writes', result(anomalies, { anomalies: 7 })]]);
    expect(text).toBe(
      'Of 7 stale reads (5 listed), 5 were served by n2 between 6.6 and 10.6 s, while n2 was isolated from n1, n3 (n1 took every write meanwhile); n2 was up to 4.0 s behind (monitor lag samples).',
    );
  });

  it('names two causes: a partition, then a clock jump, each with its own node', () => {
    const { h, anomalies } = partitioned();
    h.nemesis(
      'bump-clock',
      { target: 'n3', deltaMs: 12000 },
      { offsetsMs: { n3: 12000 } },
      14,
      'n3',
    );
    const w = h.write(1, 'k1', 1, 15, 'n1');
    anomalies.push(stale(w, h.read(1, 'k1', 0, 15.5, 'n3')));
    h.nemesis('reset-clock', 'all', { offsetsMs: { n1: 0, n2: 0, n3: 0 } }, 16);
    const text = summary(h, [['read-your-writes', result(anomalies)]]);
    expect(text).toContain(
      'Of 6 stale reads, 5 were served by n2 between 6.6 and 10.6 s, while n2 was isolated from n1, n3',
    );
    expect(text).toContain(
      "1 more was served by n3 at 15.5 s, while n3's clock was +12 s; it missed data acknowledged or seen up to 500 ms earlier.",
    );
  });

  it('says when nothing was found and no fault was injected, without claiming more', () => {
    const h = new H();
    h.write(0, 'k0', 1, 1, 'n1');
    h.read(0, 'k0', 1, 2, 'n2');
    expect(summary(h, [['read-your-writes', result([])]])).toBe(
      'No checker found an anomaly in 2 acknowledged ops. The history has no nemesis records: no fault was injected.',
    );
  });

  it('says a valid verdict rests on nothing when no op succeeded, and lists the faults', () => {
    const h = new H();
    h.nemesis('pause', 'n1', { paused: ['n1'] }, 1, 'n1');
    expect(summary(h, [['read-your-writes', result([])]])).toBe(
      'No checker found an anomaly in 0 acknowledged ops. No client op succeeded, so the checkers had nothing to judge. Faults injected: n1 paused.',
    );
  });

  it('says an unknown verdict proves nothing', () => {
    const h = new H();
    h.write(0, 'k0', 1, 1, 'n1');
    const unknown: CheckResult = {
      valid: 'unknown',
      anomalies: [],
      stats: {},
      error: 'time budget',
    };
    expect(summary(h, [['linearizable-kv', unknown]])).toMatch(
      /^linearizable-kv could not decide \(unknown\), so this run proves nothing about that guarantee\./,
    );
  });

  it('says it cannot tell who served reads whose completions carry no node', () => {
    const h = new H();
    const w = h.write(0, 'k0', 2, 1);
    const r = h.read(0, 'k0', 1, 2);
    expect(summary(h, [['read-your-writes', result([stale(w, r)])]])).toBe(
      'Of 1 stale read, 1 came at 2.0 s, with no fault active; its completion carries no node field, so which node served it cannot be told. The history has no nemesis records: no fault was injected.',
    );
  });

  it('counts a stale read that two checkers report once, and folds kinds that trace the same way', () => {
    const { h, anomalies } = partitioned();
    const nonMonotonic: Anomaly[] = anomalies.map((a) => ({ ...a, kind: 'non-monotonic-read' }));
    const text = summary(h, [
      ['read-your-writes', result(anomalies)],
      ['causal', result([...anomalies, ...nonMonotonic])],
      ['monotonic-reads', result(nonMonotonic)],
    ]);
    expect(text).toMatch(/^Of 5 stale reads, 5 were served by n2 /);
    expect(text).toContain('The 5 non-monotonic reads trace to the same node and fault.');
  });

  it('traces a lost write to the node that acknowledged it, under the fault that was active', () => {
    const h = new H();
    h.nemesis(
      'start-partition',
      'isolate-leader',
      { leader: 'n1', grudge: { n1: ['n2', 'n3'], n2: ['n1'], n3: ['n1'] } },
      1,
      'n1,n2,n3',
    );
    const w = h.write(0, 'k0', 5, 2, 'n1');
    h.nemesis('stop-partition', null, { healed: 'all links' }, 3);
    const f = h.read(0, 'k0', 4, 5, 'n2');
    const lost: Anomaly = { kind: 'lost-write', ops: [w, f], explanation: 'lost' };
    expect(summary(h, [['lost-writes', result([lost])]])).toBe(
      'Of 1 lost write, 1 was acknowledged by n1 at 2.0 s, while the leader n1 was isolated from n2, n3.',
    );
  });

  it('says which kinds name no node, and that results.json may hold no checker at all', () => {
    const h = new H();
    const a = h.read(0, 'k0', 1, 1, 'n1');
    const b = h.read(1, 'k0', 2, 1, 'n2');
    const div: Anomaly = { kind: 'divergent-replicas', ops: [a, b], explanation: 'differ' };
    expect(summary(h, [['convergence', result([div])]])).toBe(
      '1 divergent-replicas anomaly, which name no single node to trace. The history has no nemesis records: no fault was injected.',
    );
    expect(summary(h, [])).toBe(
      'results.json holds no checker results: there is nothing to explain.',
    );
  });
});
