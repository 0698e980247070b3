import { describe, expect, it } from 'vitest';
import { check } from './checker.ts';
import { getChecker } from './registry.ts';
import { runHealth } from './run-health.ts';
import { faultsRequestedRecord, type FaultsRequested } from '../core/faults-requested.ts';
import type { Op } from '../core/history.ts';
import { HistoryBuilder } from './testing/builder.ts';

const PARTITION: FaultsRequested = { partition: ['start-partition'] };
const KILL: FaultsRequested = { kill: ['kill'] };

/** A history that opens with the run's faults-requested record. */
function runHistory(requested: FaultsRequested | null): HistoryBuilder {
  const h = new HistoryBuilder();
  if (requested !== null) h.ops.push({ index: 0, ...faultsRequestedRecord(requested, 0) });
  return h;
}

/** A nemesis op and its info completion; `node` and `error` as the interpreter writes them. */
function fault(h: HistoryBuilder, f: string, done: { node?: string; error?: string }): void {
  h.invoke('nemesis', f, null);
  const i = h.ops.length;
  h.ops.push({
    index: i,
    type: 'info',
    process: 'nemesis',
    f,
    value: null,
    time: i * 1e7,
    ...done,
  });
}

function failedOps(h: HistoryBuilder, n: number): void {
  for (let p = 0; p < n; p++) h.w(p, `k${p}`, 1, p % 2 === 0 ? 'fail' : 'info');
}

const run = (ops: readonly Op[]) => check(runHealth, ops);

describe('run-health', () => {
  it('is valid when a client op succeeded and every requested fault took effect', () => {
    const h = runHistory({ ...PARTITION, ...KILL });
    h.w(1, 'k1', 1);
    fault(h, 'start-partition', { node: 'n1,n2' });
    fault(h, 'kill', { error: 'unknown node "n9"' });
    fault(h, 'kill', { node: 'n3' });
    const r = run(h.ops);
    expect(r.valid).toBe(true);
    expect(r.stats).toMatchObject({
      clientOpsOk: 1,
      faultsRequested: 'partition,kill',
      faultsDelivered: 'partition 1/1, kill 1/2',
    });
  });

  it('is unknown when no client op succeeded', () => {
    const h = runHistory({});
    failedOps(h, 4);
    const r = run(h.ops);
    expect(r.valid).toBe('unknown');
    expect(r.error).toBe('no client operation succeeded (4 invoked: 2 failed, 2 unknown)');
  });

  it('does not count final reads: they cannot stand in for a run that did nothing', () => {
    const h = runHistory({});
    failedOps(h, 2);
    h.r(9, { k0: null }, 'final-read');
    expect(run(h.ops).error).toMatch(/^no client operation succeeded/);
  });

  it('is unknown when no client op was even invoked', () => {
    expect(run(runHistory({}).ops).error).toBe('no client operation was invoked');
  });

  it('is unknown naming a requested fault that was never started', () => {
    const h = runHistory({ ...PARTITION, ...KILL });
    h.w(1, 'k1', 1);
    fault(h, 'start-partition', { node: 'n1' });
    const r = run(h.ops);
    expect(r.valid).toBe('unknown');
    expect(r.error).toBe('the kill fault was requested but never started (no kill op)');
  });

  it('is unknown naming a fault whose every start failed, with the first error', () => {
    const h = runHistory(KILL);
    h.w(1, 'k1', 1);
    fault(h, 'kill', { error: 'unknown node "n9"; nodes are n1, n2, n3' });
    fault(h, 'start', { node: 'n1' });
    fault(h, 'kill', { error: 'second' });
    expect(run(h.ops).error).toBe(
      'the kill fault never took effect: all 2 kill ops failed (first: unknown node "n9"; nodes are n1, n2, n3)',
    );
  });

  it('counts a start that touched no node (a partition cutting nothing) as not taking effect', () => {
    const h = runHistory(PARTITION);
    h.w(1, 'k1', 1);
    fault(h, 'start-partition', {});
    expect(run(h.ops).error).toMatch(/partition fault never took effect: all 1 .*touched no node/);
  });

  it('is unknown when healing after the run failed', () => {
    const h = runHistory({});
    h.w(1, 'k1', 1);
    fault(h, 'heal-all', { error: 'kill: n2 would not restart' });
    expect(run(h.ops).error).toMatch(
      /^healing after the run failed \(kill: n2 would not restart\)/,
    );
  });

  it('judges only the client ops of a history without the record (an imported one)', () => {
    const h = runHistory(null);
    h.w(1, 'k1', 1);
    const r = run(h.ops);
    expect(r.valid).toBe(true);
    expect(r.stats.faultsRequested).toBe('not recorded');
  });

  it('gives every reason at once', () => {
    const h = runHistory(PARTITION);
    failedOps(h, 1);
    expect(run(h.ops).error).toBe(
      'no client operation succeeded (1 invoked: 1 failed, 0 unknown); the partition fault was requested but never started (no start-partition op)',
    );
  });

  it('a malformed record is an error, never a pass', () => {
    const h = new HistoryBuilder();
    h.ops.push({ index: 0, ...faultsRequestedRecord({ kill: [] }, 0) });
    h.w(1, 'k1', 1);
    const r = run(h.ops);
    expect(r.valid).toBe('unknown');
    expect(r.error).toMatch(/faults-requested record's value must map each fault kind/);
  });

  it('is in the registry', () => {
    expect(getChecker('run-health')).toBe(runHealth);
  });
});
