import { describe, expect, it } from 'vitest';
import { splitGrudge } from '../../../core/cluster.ts';
import { staleDataDirs } from './cluster.ts';
import { grudgeRules, nodeAddress, staleNamespaces } from './netns.ts';

const addr = (id: string) => nodeAddress(Number(id.slice(1)) - 1);

describe('iptables rules for a grudge in the cluster namespace', () => {
  it('drops by source and destination: n3 cut off both ways', () => {
    expect(grudgeRules(splitGrudge([['n1', 'n2'], ['n3']]), addr, true)).toBe(
      [
        '*filter',
        ':SPLITBRAIN - [0:0]',
        '-I INPUT -j SPLITBRAIN',
        '-A SPLITBRAIN -s 127.0.1.1/32 -d 127.0.1.3/32 -j DROP',
        '-A SPLITBRAIN -s 127.0.1.2/32 -d 127.0.1.3/32 -j DROP',
        '-A SPLITBRAIN -s 127.0.1.3/32 -d 127.0.1.1/32 -j DROP',
        '-A SPLITBRAIN -s 127.0.1.3/32 -d 127.0.1.2/32 -j DROP',
        'COMMIT',
        '',
      ].join('\n'),
    );
  });

  it('a one-way grudge drops one direction; an empty one only flushes the chain', () => {
    const oneWay = grudgeRules(new Map([['n1', new Set(['n2'])]]), addr, false);
    expect(oneWay).toContain('-A SPLITBRAIN -s 127.0.1.2/32 -d 127.0.1.1/32 -j DROP');
    expect(oneWay).not.toContain('-s 127.0.1.1/32');
    expect(oneWay).not.toContain('-I INPUT');
    expect(grudgeRules(new Map(), addr, false)).toBe('*filter\n:SPLITBRAIN - [0:0]\nCOMMIT\n');
  });
});

describe('namespaces left behind', () => {
  it('only ours, and only those whose controller is gone', () => {
    const listing = 'sbgalera-100-1 (id: 3)\nsbgalera-200-2\nother-300-1\nsbgalera-x-1\n';
    expect(staleNamespaces(listing, (pid) => pid === 200)).toEqual(['sbgalera-100-1']);
  });
});

describe('data dirs left behind', () => {
  it('only ours, and only those whose controller is gone', () => {
    const names = [
      'splitbrain-galera-100-abc',
      'splitbrain-galera-200-def',
      'splitbrain-galera-xyz',
      'other-100-a',
    ];
    expect(staleDataDirs(names, (pid) => pid === 200)).toEqual(['splitbrain-galera-100-abc']);
  });
});
