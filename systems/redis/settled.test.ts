// When the final reads may start against Redis: one primary, every replica
// linked to it and caught up. The cases are the states a Sentinel failover
// passes through.
import { describe, expect, it } from 'vitest';
import { settled, type NodeOffset } from './probes.ts';

const primary = (offset: number, replicas: number): NodeOffset => ({
  offset,
  replicas,
  linked: false,
});
const replica = (offset: number, linked = true): NodeOffset => ({ offset, replicas: -1, linked });

describe('redis quiesce: settled', () => {
  it('one primary, every replica linked with all of its stream', () => {
    expect(settled([primary(900, 2), replica(900), replica(950)])).toBe(true);
  });

  it('not while a replica lags, is mid-sync or unlinked, or a node is silent', () => {
    expect(settled([primary(900, 2), replica(899), replica(900)])).toBe(false);
    expect(settled([primary(900, 2), replica(900, false), replica(900)])).toBe(false);
    expect(settled([primary(900, 2), null, replica(900)])).toBe(false);
  });

  it('not while an old primary restarted empty still says it is a primary', () => {
    // Its offset 0 is no use as evidence either way: two primaries is not settled.
    expect(settled([primary(0, 0), primary(900, 1), replica(900)])).toBe(false);
    expect(settled([replica(900), primary(900, 1), replica(900)])).toBe(true);
  });

  it('not without any primary', () => {
    expect(settled([replica(5), replica(5), replica(5)])).toBe(false);
  });
});
