// One address per node that still gives every link its own proxy. Sentinel
// tells replicas and clients a single address per node (what the node
// announces), so a proxy per link cannot be chosen by address. Each data node
// therefore dials out from a loopback source address of its own
// (redis-server --bind-source-addr 127.0.0.1x), and the node's announced port
// is this demultiplexer: it looks at who connected and splices the
// connection through that link's proxy — a peer's link proxy for a data
// node's address, the node's client proxy for anyone else (clients, Sentinel).
import type { Socket } from 'node:net';
import { SpliceServer, splice } from '../../kit/splice-server.ts';

/** Source address data node i (0-based) dials from; 127.0.0.11 for n1. */
export function sourceAddress(index: number): string {
  if (!Number.isInteger(index) || index < 0 || index > 200)
    throw new Error(`node index must be 0..200, got ${index}`);
  return `127.0.0.${11 + index}`;
}

export interface SourceRoute {
  /** The port to splice a connection from this source address to; null refuses it. */
  readonly portFor: (remoteAddress: string) => number | null;
}

/** IPv4-mapped forms ("::ffff:127.0.0.12") name the same source. */
const plain = (addr: string | undefined) => (addr ?? '').replace(/^::ffff:/, '');

export class SourceDemux extends SpliceServer {
  constructor(private readonly route: SourceRoute) {
    super();
  }

  protected accept(client: Socket): void {
    const port = this.route.portFor(plain(client.remoteAddress));
    if (port === null) {
      client.destroy();
      return;
    }
    splice(client, this.connectUpstream(port));
  }
}
