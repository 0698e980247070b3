// Free loopback ports for real servers, held until the caller is ready to
// hand them over (ports.ts's freePorts releases them at once). They come from
// below the kernel's ephemeral range, like our store's ports: a proxy that
// keeps dialing a killed server from an ephemeral source port could otherwise
// connect to itself on the server's port and keep the restarted server from
// binding it.
import { createServer, type Server } from 'node:net';
import { LOOPBACK, freePorts } from '../kit/ports.ts';

/** Bounds the retries when another process takes a port between the probe and the hold. */
const MAX_ATTEMPTS = 200;

function listenOn(port: number): Promise<Server | null> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(null));
    srv.listen(port, LOOPBACK, () => resolve(srv));
  });
}

/** n free ports outside the ephemeral range, kept bound until release(). */
export async function holdPorts(
  n: number,
): Promise<{ ports: number[]; release: () => Promise<void> }> {
  const servers: Server[] = [];
  const ports: number[] = [];
  for (let attempt = 0; ports.length < n; attempt++) {
    if (attempt >= MAX_ATTEMPTS) {
      await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
      throw new Error(`could hold only ${ports.length} of ${n} loopback ports`);
    }
    const [port] = await freePorts(1);
    if (port === undefined || ports.includes(port)) continue;
    const srv = await listenOn(port);
    if (srv === null) continue;
    servers.push(srv);
    ports.push(port);
  }
  const release = async () => {
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  };
  return { ports, release };
}
