import { describe, expect, it } from 'vitest';
import { simulate } from '../core/generator/simulate.ts';
import type { Op } from '../core/history.ts';
import { kvReadersWorkload } from './kv-readers.ts';

const CONCURRENCY = 4;
/** Every 9th op times out (info), so threads move on to fresh processes as they would after a failover. */
const history = simulate(kvReadersWorkload.generator(), {
  concurrency: CONCURRENCY,
  seed: 5,
  maxOps: 800,
  complete: (op) => (op.index % 9 === 0 ? 'info' : 'ok'),
});
const invokes = history.filter((o) => o.type === 'invoke');
const threadOf = (o: Op): number => (o.process as number) % CONCURRENCY;
const keys = (o: Op): string[] => (o.value as [string, string, unknown][]).map((m) => m[1]);

describe('kv-readers', () => {
  it('odd threads never write, through every process they run as', () => {
    const readers = invokes.filter((o) => threadOf(o) % 2 === 1);
    expect(readers.length).toBeGreaterThan(100);
    expect(readers.every((o) => o.f === 'read')).toBe(true);
    expect(new Set(readers.map((o) => o.process)).size).toBeGreaterThan(2);
  });
  it("readers read the writers' newest keys; even threads write their own, counting up", () => {
    const written = new Set(invokes.filter((o) => o.f === 'write').flatMap(keys));
    const readerKeys = invokes.filter((o) => threadOf(o) % 2 === 1).flatMap(keys);
    expect(readerKeys.filter((k) => written.has(k)).length / readerKeys.length).toBeGreaterThan(
      0.95,
    );
    const writes = invokes.filter((o) => o.f === 'write');
    expect(writes.every((o) => threadOf(o) % 2 === 0)).toBe(true);
    expect(writes.length).toBeGreaterThan(60);
    expect(keys(writes[0]!)).toEqual([`k${writes[0]!.process as number}`]);
  });
  it('readers pick among the four keys writers began most recently', () => {
    const begun: string[] = [];
    let stale = 0;
    for (const o of invokes) {
      if (o.f === 'write') for (const k of keys(o)) if (!begun.includes(k)) begun.push(k);
      if (threadOf(o) % 2 === 1 && begun.length > 0)
        stale += keys(o).filter((k) => !begun.slice(-4).includes(k)).length;
    }
    expect(begun.length).toBeGreaterThan(8);
    expect(stale).toBe(0);
  });
  it('judges linearizability across sessions and monotonic reads by default', () => {
    expect(kvReadersWorkload.checkers).toEqual(['linearizable-kv', 'monotonic-reads']);
  });
});
