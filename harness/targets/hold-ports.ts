// Free loopback ports for real servers, held until the caller is ready to
// hand them over (ports.ts's freePorts releases them at once).
import { createServer, type Server } from 'node:net';
import { LOOPBACK } from '../local/ports.ts';

/**
 * n free ports, kept bound until release(): the proxies and demuxers opened
 * meanwhile on port 0 cannot be handed one of them by the kernel.
 */
export async function holdPorts(
  n: number,
): Promise<{ ports: number[]; release: () => Promise<void> }> {
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
  const release = async () => {
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  };
  return { ports, release };
}
