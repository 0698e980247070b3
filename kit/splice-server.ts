// The part both demultiplexers share: a loopback listener whose accepted
// connections are spliced to an upstream port chosen per connection, with
// every socket tracked so close() leaves nothing open.
import { connect, createServer, type Server, type Socket } from 'node:net';
import { LOOPBACK } from './ports.ts';

/** Pipes a and b both ways; when one side ends or fails, so does the other. */
export function splice(a: Socket, b: Socket): void {
  // destroy(), not resetAndDestroy(): on Node 20 a reset of an accepted socket
  // mid-pipe can leave its handle open, spinning and keeping the controller alive.
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

export abstract class SpliceServer {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();

  /** Decides where an accepted connection goes, then calls connectUpstream. */
  protected abstract accept(client: Socket): void;

  /** Listens on an ephemeral loopback port and resolves with it. */
  listen(): Promise<number> {
    const srv = createServer((s) => {
      this.track(s);
      this.accept(s);
    });
    this.server = srv;
    return new Promise((resolve, reject) => {
      srv.once('error', reject);
      srv.listen(0, LOOPBACK, () => {
        const addr = srv.address();
        resolve(typeof addr === 'object' && addr !== null ? addr.port : 0);
      });
    });
  }

  /** Opens the upstream connection for client (a loopback port or a unix socket), tracked like the client. */
  protected connectUpstream(to: number | { readonly path: string }): Socket {
    return this.track(typeof to === 'number' ? connect(to, LOOPBACK) : connect(to));
  }

  private track(s: Socket): Socket {
    this.sockets.add(s);
    s.once('close', () => this.sockets.delete(s));
    s.on('error', () => {});
    return s;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    const srv = this.server;
    this.server = null;
    if (srv) await new Promise<void>((r) => srv.close(() => r()));
  }
}
