// One LinkProxy per ordered pair of nodes: node a dials proxy a>b to reach
// b's peer port. A grudge and link faults become settings on these proxies;
// the local store cluster and the real-server clusters share this wiring.
import { performance } from 'node:perf_hooks';
import type { FaultApplied, Grudge, Link, LinkFaultSpec } from '../core/cluster.ts';
import { checkGrudgeNodes, checkLinkNodes } from './cluster-nodes.ts';
import { validateLinkFaults } from './link-faults.ts';
import { LinkProxy, type ProxyStats } from './proxy.ts';

const key = (from: string, to: string) => `${from}>${to}`;

export class ProxyMesh {
  private readonly proxies = new Map<string, LinkProxy>();
  /** The node ids the mesh links, for checking what a fault names. */
  private readonly nodes = new Map<string, true>();

  /**
   * Opens a proxy for every ordered pair of distinct ids, towards
   * peerPort(to). Each proxy is kept as soon as it listens, so close() after
   * a failure here still closes those already open.
   */
  async open(
    ids: readonly string[],
    peerPort: (id: string) => number,
    statsOf?: (from: string, to: string) => ProxyStats,
  ): Promise<void> {
    for (const id of ids) this.nodes.set(id, true);
    for (const a of ids) {
      for (const b of ids) {
        if (a === b) continue;
        const proxy = new LinkProxy(a, b, peerPort(b), statsOf?.(a, b));
        this.proxies.set(key(a, b), proxy);
        await proxy.listen();
      }
    }
  }

  /** The proxy node `from` dials to reach `to`. */
  get(from: string, to: string): LinkProxy {
    const p = this.proxies.get(key(from, to));
    if (!p) throw new Error(`no link ${from}→${to}`);
    return p;
  }

  /** Cuts what the grudge says and heals every other direction; a grudge naming an unknown node changes nothing. */
  cut(grudge: Grudge): FaultApplied {
    const t0 = performance.now();
    checkGrudgeNodes(grudge, this.nodes);
    const drops = (receiver: string, sender: string) => grudge.get(receiver)?.has(sender) ?? false;
    // Proxy a>b carries a's bytes to b forward and b's answers backward.
    for (const p of this.proxies.values()) p.setCut(drops(p.to, p.from), drops(p.from, p.to));
    return { appliedMs: performance.now() - t0, via: 'proxy' };
  }

  /**
   * Sets (null: clears) the faults on each link's bytes, from→to only; a bad
   * fault value or a link naming an unknown node changes nothing.
   */
  setLinkFaults(links: readonly Link[], faults: LinkFaultSpec | null): FaultApplied {
    const t0 = performance.now();
    if (faults !== null) validateLinkFaults(faults);
    checkLinkNodes(links, this.nodes);
    for (const { from, to } of links) {
      // from's bytes to to: forward on from's proxy to to, backward on to's proxy to from.
      this.get(from, to).setFaults(faults, 'forward');
      this.get(to, from).setFaults(faults, 'backward');
    }
    return { appliedMs: performance.now() - t0, via: 'proxy' };
  }

  /** Every proxy's listening port (tests check none is left open). */
  ports(): number[] {
    return [...this.proxies.values()].map((p) => p.port);
  }

  async close(): Promise<void> {
    await Promise.all([...this.proxies.values()].map((p) => p.close()));
  }
}
