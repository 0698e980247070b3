import { describe, expect, it } from 'vitest';
import {
  localCapabilities,
  proxyLinkCapability,
  proxyPartitionCapability,
} from './capabilities.ts';

describe('proxy capabilities', () => {
  it('name the nodes whose links run through the proxies', () => {
    expect(proxyPartitionCapability('etcd node').detail).toMatch(
      /^every etcd node-to-node link runs through a TCP proxy the controller owns; a cut direction drops its bytes/,
    );
    expect(proxyPartitionCapability().detail).toMatch(/^every node-to-node link/);
  });

  it('say which framing link faults default to', () => {
    expect(proxyLinkCapability('chunk')).toMatchObject({ kind: 'link', available: true });
    expect(proxyLinkCapability('chunk').detail).toMatch(/default framing here: chunk$/);
    expect(proxyLinkCapability('line').detail).toMatch(/default framing here: line$/);
  });

  it('are what the local backend reports, in kind order', () => {
    const caps = localCapabilities({ clockVia: 'store', faketimeLib: null, peerFraming: 'line' });
    expect(caps.map((c) => c.kind)).toEqual(['partition', 'kill', 'pause', 'clock', 'link']);
    expect(caps[0]).toEqual(proxyPartitionCapability());
    expect(caps[4]).toEqual(proxyLinkCapability('line'));
  });
});
