// The controller's way into a node that lives in a network namespace: a
// loopback TCP listener in the controller's namespace whose connections are
// spliced to the node's unix socket (the file system is shared across
// namespaces). Clients see host:port as for any other target; a node that is
// down refuses at the socket, which the client sees as a failed connect.
import type { Socket } from 'node:net';
import { SpliceServer, splice } from '../../../kit/splice-server.ts';

export class SocketForwarder extends SpliceServer {
  constructor(private readonly socketPath: string) {
    super();
  }

  protected accept(client: Socket): void {
    splice(client, this.connectUpstream({ path: this.socketPath }));
  }
}
