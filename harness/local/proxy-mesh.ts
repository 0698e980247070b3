// One LinkProxy per ordered pair of nodes: node a dials proxy a>b to reach
// b's peer port. A grudge and link faults become settings on these proxies;
// the local store cluster and the real-server clusters share this wiring.
import type { Grudge, Link, LinkFaultSpec } from '../cluster.ts';
import { LinkProxy } from './proxy.ts';

const key = (from: string, to: string) => `${from}>${to}`;

export class ProxyMesh {
  private readonly proxies = new Map<string, LinkProxy>();

  /**
   * Opens a proxy for every ordered pair of distinct ids, towards
   * peerPort(to). Each proxy is kept as soon as it listens, so close() after
   * a failure here still closes those already open.
   */
  async open(ids: readonly string[], peerPort: (id: string) => number): Promise<void> {
    for (const a of ids) {
      for (const b of ids) {
        if (a === b) continue;
        const proxy = new LinkProxy(a, b, peerPort(b));
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

  /** Cuts what the grudge says and heals every other direction. */
  cut(grudge: Grudge): void {
    const drops = (receiver: string, sender: string) => grudge.get(receiver)?.has(sender) ?? false;
    // Proxy a>b carries a's bytes to b forward and b's answers backward.
    for (const p of this.proxies.values()) p.setCut(drops(p.to, p.from), drops(p.from, p.to));
  }

  /** Sets (null: clears) the faults on each link's bytes, from→to only. */
  setLinkFaults(links: readonly Link[], faults: LinkFaultSpec | null): void {
    for (const { from, to } of links) {
      this.get(from, to);
      this.get(to, from);
    }
    for (const { from, to } of links) {
      // from's bytes to to: forward on from's proxy to to, backward on to's proxy to from.
      this.get(from, to).setFaults(faults, 'forward');
      this.get(to, from).setFaults(faults, 'backward');
    }
  }

  /** Every proxy's listening port (tests check none is left open). */
  ports(): number[] {
    return [...this.proxies.values()].map((p) => p.port);
  }

  async close(): Promise<void> {
    await Promise.all([...this.proxies.values()].map((p) => p.close()));
  }
}
