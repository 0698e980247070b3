// Link faults on the simulation backend: per directed link, latency with
// jitter that never reorders, loss, duplication and a bandwidth cap, drawn
// from the world's seed; and the anomaly a slow link makes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SimWorld } from '../store/memory.ts';
import { isJsonObject } from '../store/protocol.ts';
import { resolveRunConfig } from '../harness/config.ts';
import { executeRun } from '../harness/execute.ts';

const out = mkdtempSync(join(tmpdir(), 'splitbrain-sim-link-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** A world with two endpoints; returns the virtual arrival time and term of every message b gets. */
function pair(seed = 1) {
  const world = new SimWorld({ seed, minDelayMs: 1, maxDelayMs: 1 });
  const got: { atMs: number; term: number }[] = [];
  const a = world.ports('a');
  const termOf = (m: unknown): number =>
    isJsonObject(m) && typeof m.term === 'number' ? m.term : -1;
  world
    .ports('b')
    .transport.onMessage((_from, m) => got.push({ atMs: world.nowMs, term: termOf(m) }));
  // The network carries any mode's JSON; this frame is about 70 bytes.
  const send = (term: number) =>
    a.transport.send('b', { type: 'probe', term, pad: 'x'.repeat(40) });
  return { world, got, send };
}

describe('link faults on the simulated network', () => {
  it('latency delays delivery by the added ms; jitter never reorders', () => {
    const { world, got, send } = pair();
    world.shapeLink('a', 'b', { latencyMs: 300, jitterMs: 200 });
    for (let i = 1; i <= 50; i++) send(i);
    world.advance(99);
    expect(got).toEqual([]);
    world.advance(1000);
    expect(got.map((g) => g.term)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    for (const g of got) expect(g.atMs).toBeGreaterThanOrEqual(101);
    expect(got.some((g) => g.atMs >= 300)).toBe(true);
  });

  it('clearing the shape restores the plain 1 ms network', () => {
    const { world, got, send } = pair();
    world.shapeLink('a', 'b', { latencyMs: 300 });
    world.shapeLink('a', 'b', null);
    send(1);
    world.advance(1);
    expect(got).toEqual([{ atMs: 1, term: 1 }]);
  });

  it('loss drops about its rate of messages, duplication repeats them', () => {
    const lossy = pair(3);
    lossy.world.shapeLink('a', 'b', { lossRate: 0.5 });
    for (let i = 0; i < 1000; i++) lossy.send(i);
    lossy.world.advance(10);
    expect(lossy.got.length).toBeGreaterThan(400);
    expect(lossy.got.length).toBeLessThan(600);

    const dup = pair(3);
    dup.world.shapeLink('a', 'b', { duplicateRate: 1 });
    dup.send(7);
    dup.world.advance(10);
    expect(dup.got.map((g) => g.term)).toEqual([7, 7]);
  });

  it('a bandwidth cap queues messages one after another', () => {
    const { world, got, send } = pair();
    // Each frame is ~70 bytes; at 100 bytes/s that is ~0.7 s apiece.
    world.shapeLink('a', 'b', { bandwidthBytesPerS: 100 });
    for (let i = 0; i < 5; i++) send(i);
    world.advance(5000);
    const gaps = got.slice(1).map((g, i) => g.atMs - got[i]!.atMs);
    expect(got).toHaveLength(5);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(500);
  });

  it('a slow link to one follower makes reads from any node go back in time (monotonic reads)', async () => {
    // Every message n1 sends n3 arrives 800 ms late: n3 applies 800 ms behind
    // n2, and a session reading n2 then n3 sees a key's value go backwards.
    const run = async (nemesis: string) => {
      const config = resolveRunConfig(
        {
          backend: 'sim',
          out,
          test: `sim-slow-link-${nemesis}`,
          seed: 11,
          timeLimit: 10,
          readFrom: 'any',
          replication: 'async',
          nemesis,
          nemesisInterval: 1,
          // Targeting flags for a fault not asked for are refused, so the plain run drops them.
          ...(nemesis === 'link' ? { linkTargets: 'n3', linkFaults: '{"latencyMs":800}' } : {}),
        },
        11,
      );
      return (await executeRun(config, { log: () => {} })).results;
    };
    expect((await run('link'))['monotonic-reads']).toMatchObject({ valid: false });
    // The same seed without the slow link: the plain 1-5 ms network keeps them.
    expect((await run('none'))['monotonic-reads']).toMatchObject({ valid: true });
  });
});
