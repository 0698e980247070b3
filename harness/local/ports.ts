// Free loopback ports. A port is found by binding port 0 and releasing it, so
// another process could take it before the node binds; up() reports that as a
// node that never got ready, with its log tail, rather than hiding it.
import { createServer, type Server } from 'node:net';

export const LOOPBACK = '127.0.0.1';

/** n distinct free ports; all are held at once while choosing, so none repeats. */
export async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<Server>((resolve, reject) => {
          const srv = createServer();
          srv.once('error', reject);
          srv.listen(0, LOOPBACK, () => resolve(srv));
        }),
    ),
  );
  const ports = servers.map((s) => {
    const addr = s.address();
    return typeof addr === 'object' && addr !== null ? addr.port : 0;
  });
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}
