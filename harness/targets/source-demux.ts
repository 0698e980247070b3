// One address per node that still gives every link its own proxy. Sentinel
// tells replicas and clients a single address per node (what the node
// announces), so a proxy per link cannot be chosen by address. Each data node
// therefore dials out from a loopback source address of its own
// (redis-server --bind-source-addr 127.0.0.1x), and the node's announced port
// is this demultiplexer: it looks at who connected and splices the
// connection through that link's proxy — a peer's link proxy for a data
// node's address, the node's client proxy for anyone else (clients, Sentinel).
import { connect, createServer, type Server, type Socket } from 'node:net';
import { LOOPBACK } from '../local/ports.ts';

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

function splice(a: Socket, b: Socket): void {
  // destroy(), not resetAndDestroy(): a reset of an accepted socket mid-pipe
  // can leave its handle open on Node 20 (see the proxy's history).
  const kill = (s: Socket) => {
    if (!s.destroyed) s.destroy();
  };
  a.on('error', () => kill(b));
  b.on('error', () => kill(a));
  a.on('close', (hadError) => (hadError ? kill(b) : b.end()));
  b.on('close', (hadError) => (hadError ? kill(a) : a.end()));
  a.pipe(b);
  b.pipe(a);
}

/** IPv4-mapped forms ("::ffff:127.0.0.12") name the same source. */
const plain = (addr: string | undefined) => (addr ?? '').replace(/^::ffff:/, '');

export class SourceDemux {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();

  constructor(private readonly route: SourceRoute) {}

  listen(): Promise<number> {
    const srv = createServer((s) => this.accept(s));
    this.server = srv;
    return new Promise((resolve, reject) => {
      srv.once('error', reject);
      srv.listen(0, LOOPBACK, () => {
        const addr = srv.address();
        resolve(typeof addr === 'object' && addr !== null ? addr.port : 0);
      });
    });
  }

  private accept(client: Socket): void {
    this.sockets.add(client);
    client.once('close', () => this.sockets.delete(client));
    const port = this.route.portFor(plain(client.remoteAddress));
    if (port === null) {
      client.destroy();
      return;
    }
    const upstream = connect(port, LOOPBACK);
    this.sockets.add(upstream);
    upstream.once('close', () => this.sockets.delete(upstream));
    splice(client, upstream);
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    const srv = this.server;
    this.server = null;
    if (srv) await new Promise((r) => srv.close(r));
  }
}
