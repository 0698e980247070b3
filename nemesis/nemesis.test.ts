// Every nemesis against an in-memory cluster: what it does, what it reports,
// and that healAll undoes it in a safe order.
import { describe, expect, it } from 'vitest';
import type { Capability } from '../core/cluster.ts';
import { createRng } from '../core/rng.ts';
import { FakeCluster } from './fixtures/fake-cluster.ts';
import { CapabilityError, checkCapabilities, doctorReport, nemesisFor } from './index.ts';
import type { NemesisContext } from './nemesis.ts';

function setup(n = 3, kinds = ['partition', 'kill', 'pause', 'clock', 'link']) {
  const cluster = new FakeCluster(n);
  const rng = createRng(5);
  const ctx: NemesisContext = { cluster, random: () => rng.next() };
  const slept: number[] = [];
  const b = nemesisFor(kinds, {
    findLeader: async () => 'n2',
    sleepMs: async (ms) => void slept.push(ms),
  });
  const invoke = (f: string, value: unknown = null) => b.nemesis.invoke({ f, value }, ctx);
  return { cluster, ctx, invoke, nemesis: b.nemesis, slept };
}

describe('partition nemesis', () => {
  it('isolate-leader isolates the node the store names', async () => {
    const { cluster, invoke } = setup();
    const r = await invoke('start-partition', 'isolate-leader');
    expect(r.value).toMatchObject({ kind: 'isolate-leader', leader: 'n2', appliedMs: 0.5 });
    expect(cluster.grudge.get('n2')).toEqual(new Set(['n1', 'n3']));
  });

  it('an explicit grudge is applied as given', async () => {
    const { cluster, invoke } = setup();
    const r = await invoke('start-partition', { grudge: { n1: ['n3'] } });
    expect(r.nodes).toEqual(['n1', 'n3']);
    expect(cluster.grudge.get('n1')).toEqual(new Set(['n3']));
  });

  it('a bad value names the accepted ones', async () => {
    const { invoke } = setup();
    await expect(invoke('start-partition', 'thirds')).rejects.toThrow(
      /must be one of halves, isolate, isolate-leader, majorities-ring, bridge, one-way/,
    );
  });
});

describe('crash and pause nemeses', () => {
  it('kills a majority, then starts exactly those', async () => {
    const { cluster, invoke } = setup(5);
    const r = await invoke('kill', 'majority');
    const killed = (r.value as { killed: string[] }).killed;
    expect(killed.length).toBe(3);
    expect([...cluster.killed].sort()).toEqual([...killed].sort());
    const s = await invoke('start', 'all');
    expect((s.value as { started: string[] }).started).toEqual([...killed].sort());
    expect(cluster.killed.size).toBe(0);
  });

  it('resume without a target, or "all", resumes exactly the nodes it paused; a target only those', async () => {
    const { cluster, invoke } = setup(4);
    await invoke('pause', ['n3', 'n1', 'n4']);
    const one = await invoke('resume', 'n4');
    expect((one.value as { resumed: string[] }).resumed).toEqual(['n4']);
    const rest = await invoke('resume', null);
    expect((rest.value as { resumed: string[] }).resumed).toEqual(['n1', 'n3']);
    expect(cluster.paused.size).toBe(0);
    await invoke('pause', ['n2']);
    const all = await invoke('resume', 'all');
    expect((all.value as { resumed: string[] }).resumed).toEqual(['n2']);
  });

  it('kill with restartAfterMs waits and restarts within the op', async () => {
    const { cluster, invoke, slept } = setup();
    const r = await invoke('kill', { target: 'leader', restartAfterMs: 1500 });
    expect(r.value).toEqual({ killed: ['n2'], restarted: ['n2'], restartAfterMs: 1500 });
    expect(slept).toEqual([1500]);
    expect(cluster.calls).toEqual(['kill n2', 'start n2']);
  });

  it('healAll also restarts and resumes nodes no fault touched, and says so', async () => {
    const { cluster, nemesis, ctx } = setup();
    await cluster.kill('n1');
    await cluster.pause('n3');
    const r = await nemesis.healAll(ctx);
    expect(r.value).toContainEqual({ pause: { resumed: ['n3'], pausedWithoutFault: ['n3'] } });
    expect(r.value).toContainEqual({ kill: { started: ['n1'], downWithoutFault: ['n1'] } });
    expect(cluster.killed.size + cluster.paused.size).toBe(0);
  });

  it('an unknown node is an error naming the nodes', async () => {
    const { invoke } = setup();
    await expect(invoke('pause', 'n9')).rejects.toThrow('unknown node "n9"; nodes are n1, n2, n3');
  });
});

describe('clock nemesis', () => {
  it('bumps add up; reset-clock returns to zero', async () => {
    const { cluster, invoke } = setup();
    await invoke('bump-clock', { target: 'n1', deltaMs: 1000 });
    const r = await invoke('bump-clock', { target: 'n1', deltaMs: -250 });
    expect(r.value).toEqual({ offsetsMs: { n1: 750 }, deltaMs: -250, via: 'fake clock' });
    await invoke('reset-clock', 'all');
    expect(cluster.offsetsMs.size).toBe(0);
  });

  it('strobe flips every period for the duration and ends where it began', async () => {
    const { cluster, invoke, slept } = setup();
    await invoke('strobe-clock', { target: 'n3', deltaMs: 500, periodMs: 100, durationMs: 300 });
    expect(cluster.calls).toEqual(['clock n3 500', 'clock n3 0', 'clock n3 500', 'clock n3 0']);
    expect(slept).toEqual([100, 100, 100]);
  });
});

describe('slow-clock', () => {
  it('runs the target clock at the rate; reset-clock brings it back to 1', async () => {
    const { cluster, invoke } = setup();
    const r = await invoke('slow-clock', { target: 'leader', rate: 0.1 });
    expect(r).toMatchObject({ value: { rate: 0.1, via: 'fake clock rate' }, nodes: ['n2'] });
    await invoke('reset-clock', 'all');
    expect(cluster.calls.filter((c) => c.startsWith('rate'))).toEqual(['rate n2 0.1', 'rate n2 1']);
  });

  it('refuses a rate outside (0, 1] and a backend that cannot slow a clock', async () => {
    const { cluster, invoke } = setup();
    await expect(invoke('slow-clock', { target: 'n1', rate: 2 })).rejects.toThrow(
      'slow-clock rate must be in (0, 1], got 2',
    );
    Object.assign(cluster, { setClockRate: undefined });
    await expect(invoke('slow-clock', { target: 'n1', rate: 0.5 })).rejects.toThrow(
      /--backend sim/,
    );
  });
});

describe('link nemesis', () => {
  it('faults every link of the target node, seeded from ctx.random; stop clears all', async () => {
    const { cluster, invoke } = setup();
    const r = await invoke('start-link', { target: 'n1', faults: { latencyMs: 10 } });
    expect((r.value as { links: string[] }).links).toEqual([
      'n1->n2',
      'n1->n3',
      'n2->n1',
      'n3->n1',
    ]);
    expect(cluster.linkFaults.get('n1>n2')).toMatchObject({
      latencyMs: 10,
      seed: expect.any(Number),
    });
    await invoke('stop-link');
    expect(cluster.linkFaults.size).toBe(0);
  });
});

describe('composition', () => {
  it('healAll resumes, restarts, heals, clears links, then resets clocks', async () => {
    const { cluster, invoke, nemesis, ctx } = setup();
    await invoke('bump-clock', { target: 'n1', deltaMs: 5 });
    await invoke('start-link', { target: 'all' });
    await invoke('start-partition', 'halves');
    await invoke('kill', 'n3');
    await invoke('pause', 'n1');
    cluster.calls.length = 0;
    const r = await nemesis.healAll(ctx);
    expect(r.error).toBeUndefined();
    expect(cluster.calls).toEqual([
      'resume n1',
      'start n3',
      'heal',
      'link 6 clear',
      'clock n1 0',
      'clock n2 0',
      'clock n3 0',
    ]);
    expect(r.nodes).toEqual(['n1', 'n2', 'n3']);
  });

  it('an op no part handles is an error listing the known ones', async () => {
    const { invoke } = setup(3, ['pause']);
    await expect(invoke('kill', 'n1')).rejects.toThrow(
      'no nemesis handles f "kill"; known: pause, resume',
    );
  });
});

describe('capabilities', () => {
  /** What a local backend without libfaketime offers (local/capabilities.ts words it the same). */
  const noFaketime: readonly Capability[] = [
    { kind: 'partition', available: true, detail: 'through proxies' },
    { kind: 'kill', available: true, detail: 'SIGKILL' },
    { kind: 'pause', available: true, detail: 'SIGSTOP / SIGCONT' },
    {
      kind: 'clock',
      available: true,
      detail:
        "the store's own clock offset (POST /clock); for a process-wide skew install libfaketime: apt-get install faketime",
    },
    { kind: 'link', available: true, detail: 'on the link proxies' },
  ];

  it('passes when every needed fault is there', () => {
    expect(checkCapabilities(noFaketime, ['partition', 'clock', 'link'])).toBe(true);
  });

  it('names the missing fault and how to get it', () => {
    const caps = noFaketime.map((c) => (c.kind === 'clock' ? { ...c, available: false } : c));
    const check = () => checkCapabilities(caps, ['partition', 'clock']);
    expect(check).toThrow(CapabilityError);
    expect(check).toThrow(/the clock fault cannot be delivered here .*apt-get install faketime/);
    expect(() => checkCapabilities([], ['kill'])).toThrow(
      /kill fault .*this backend does not offer it/,
    );
  });

  it('doctor lists every fault per backend', () => {
    const text = doctorReport([
      { name: 'local', up: async () => new FakeCluster(1), capabilities: () => noFaketime },
      { name: 'external', up: async () => new FakeCluster(1), capabilities: () => [] },
    ]);
    expect(text).toMatch(/backend local:\n {2}yes partition/);
    expect(text).toMatch(/POST \/clock.*apt-get install faketime/);
    expect(text).toMatch(/backend external:\n {2}no {2}partition +not offered; partitions need/);
  });
});
