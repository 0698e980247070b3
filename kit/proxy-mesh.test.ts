import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ProxyMesh } from './proxy-mesh.ts';
import { LOOPBACK } from './ports.ts';

let mesh: ProxyMesh | null = null;
afterEach(async () => {
  await mesh?.close();
  mesh = null;
});

async function openMesh(ids: readonly string[]): Promise<ProxyMesh> {
  const m = new ProxyMesh();
  mesh = m;
  // Nothing needs to listen on the peer ports: these tests only read proxy settings.
  await m.open(ids, (id) => 40_000 + Number(id.slice(1)));
  return m;
}

describe('ProxyMesh', () => {
  it('opens one proxy per ordered pair, each towards the peer port of its target', async () => {
    const m = await openMesh(['n1', 'n2', 'n3']);
    expect(m.ports()).toHaveLength(6);
    expect(new Set(m.ports()).size).toBe(6);
    expect(m.get('n1', 'n2')).toMatchObject({ from: 'n1', to: 'n2' });
    expect(() => m.get('n1', 'n1')).toThrow('no link n1→n1');
  });

  it('cuts exactly the directions the grudge names, and heals the rest', async () => {
    const m = await openMesh(['n1', 'n2', 'n3']);
    // n2 drops n1's bytes: n1's proxy to n2 loses forward, n2's proxy to n1 loses its answers.
    m.cut(new Map([['n2', new Set(['n1'])]]));
    expect(m.get('n1', 'n2').isCut('forward')).toBe(true);
    expect(m.get('n1', 'n2').isCut('backward')).toBe(false);
    expect(m.get('n2', 'n1').isCut('forward')).toBe(false);
    expect(m.get('n2', 'n1').isCut('backward')).toBe(true);
    expect(m.get('n1', 'n3').isCut('forward')).toBe(false);
    m.cut(new Map());
    expect(m.get('n1', 'n2').isCut('forward')).toBe(false);
    expect(m.get('n2', 'n1').isCut('backward')).toBe(false);
  });

  it("puts a link's faults on from's bytes only, in both proxies that carry them", async () => {
    const m = await openMesh(['n1', 'n2', 'n3']);
    m.setLinkFaults([{ from: 'n1', to: 'n3' }], { latencyMs: 50 });
    expect(m.get('n1', 'n3').getFaults('forward')).toEqual({ latencyMs: 50 });
    expect(m.get('n3', 'n1').getFaults('backward')).toEqual({ latencyMs: 50 });
    expect(m.get('n1', 'n3').getFaults('backward')).toBeNull();
    expect(m.get('n3', 'n1').getFaults('forward')).toBeNull();
    m.setLinkFaults([{ from: 'n1', to: 'n3' }], null);
    expect(m.get('n1', 'n3').getFaults('forward')).toBeNull();
  });

  it('changes nothing when one link of a batch does not exist', async () => {
    const m = await openMesh(['n1', 'n2']);
    expect(() =>
      m.setLinkFaults(
        [
          { from: 'n1', to: 'n2' },
          { from: 'n1', to: 'n9' },
        ],
        { latencyMs: 5 },
      ),
    ).toThrow('unknown node "n9"; nodes are n1, n2');
    expect(() => m.setLinkFaults([{ from: 'n1', to: 'n2' }], { lossRate: 2 })).toThrow(
      'lossRate must be a number in [0, 1], got 2',
    );
    expect(m.get('n1', 'n2').getFaults('forward')).toBeNull();
  });

  it('changes no cut when a grudge names an unknown node, and reports how it applied', async () => {
    const m = await openMesh(['n1', 'n2']);
    expect(() => m.cut(new Map([['n1', new Set(['n5'])]]))).toThrow('unknown node "n5"');
    expect(m.get('n2', 'n1').isCut('forward')).toBe(false);
    expect(m.cut(new Map([['n1', new Set(['n2'])]]))).toMatchObject({ via: 'proxy' });
    expect(m.get('n2', 'n1').isCut('forward')).toBe(true);
  });

  it('closes every proxy it opened', async () => {
    const m = await openMesh(['n1', 'n2']);
    const ports = m.ports();
    await m.close();
    mesh = null;
    for (const port of ports) {
      const free = await new Promise<boolean>((resolve) => {
        const srv = createServer();
        srv.once('error', () => resolve(false));
        srv.listen(port, LOOPBACK, () => srv.close(() => resolve(true)));
      });
      expect(free).toBe(true);
    }
  });
});
