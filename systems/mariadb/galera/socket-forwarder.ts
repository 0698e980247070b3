// The controller's way into a node that lives in a network namespace: a
// loopback TCP listener in the controller's namespace whose connections are
// spliced to the node's unix socket (the file system is shared across
// namespaces). Clients see host:port as for any other target; a node that is
// down refuses at the socket, which the client sees as a failed connect.
import { connect, createServer, type Server, type Socket } from 'node:net';
import { LOOPBACK } from '../../../kit/ports.ts';
import { splice } from '../../../kit/splice-server.ts';

export class SocketForwarder {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private listenPort = 0;

  constructor(private readonly socketPath: string) {}

  get port(): number {
    return this.listenPort;
  }

  /** Listens on an ephemeral loopback port; resolves with it. */
  listen(): Promise<number> {
    const srv = createServer((client) => {
      this.track(client);
      const upstream = this.track(connect({ path: this.socketPath }));
      splice(client, upstream);
    });
    this.server = srv;
    return new Promise((resolve, reject) => {
      srv.once('error', reject);
      srv.listen(0, LOOPBACK, () => {
        const addr = srv.address();
        this.listenPort = typeof addr === 'object' && addr !== null ? addr.port : 0;
        resolve(this.listenPort);
      });
    });
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
