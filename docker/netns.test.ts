import { describe, expect, it } from 'vitest';
import { dropRules, netemArgs, shapingBatch } from './netns.ts';

describe('iptables rules for a grudge', () => {
  it('declares (and so flushes) the chain, then drops each source', () => {
    expect(dropRules(['10.77.1.12', '10.77.1.11'], false)).toBe(
      [
        '*filter',
        ':SPLITBRAIN - [0:0]',
        '-A SPLITBRAIN -s 10.77.1.11/32 -j DROP',
        '-A SPLITBRAIN -s 10.77.1.12/32 -j DROP',
        'COMMIT',
        '',
      ].join('\n'),
    );
  });

  it('hooks the chain into INPUT once per namespace', () => {
    expect(dropRules([], true)).toContain('-I INPUT -j SPLITBRAIN');
    expect(dropRules([], false)).not.toContain('INPUT');
  });
});

describe('tc netem shaping', () => {
  it('maps a spec to netem arguments with units', () => {
    expect(
      netemArgs({ latencyMs: 50, jitterMs: 10, lossRate: 0.1, bandwidthBytesPerS: 1000 }),
    ).toEqual(['delay', '50ms', '10ms', 'loss', '10%', 'rate', '8000bit']);
  });

  it('refuses what packets cannot express', () => {
    expect(() => netemArgs({ slowCloseMs: 100 })).toThrow(/proxy/);
    expect(() => netemArgs({ lossRate: 0.1, framing: 'line' })).toThrow(/messages/);
  });

  it('gives each shaped destination its own band behind a catch-all band', () => {
    const batch = shapingBatch([
      { dstIp: '10.77.1.11', spec: { latencyMs: 100 } },
      { dstIp: '10.77.1.12', spec: { lossRate: 0.5 } },
    ]).split('\n');
    expect(batch[0]).toMatch(/root handle 1: prio bands 3 priomap( 0){16}$/);
    expect(batch).toContain('qdisc add dev eth0 parent 1:2 handle 12: netem delay 100ms');
    expect(batch).toContain(
      'filter add dev eth0 parent 1: protocol ip prio 1 u32 match ip dst 10.77.1.12/32 flowid 1:3',
    );
  });
});
