// A loopback port free at the time of asking, for tests that start a node or
// a transport on a real socket. The kernel may hand the same ephemeral port
// to two listen(0) calls in a row once the first socket is closed, so a port
// this process already handed out is never handed out again: a test asking
// twice (a client port and a peer port) gets two different ports.
import net from 'node:net';

const handedOut = new Set<number>();

function listenOnAnyPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      s.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
    });
  });
}

export async function freePort(): Promise<number> {
  for (let tries = 0; tries < 100; tries++) {
    const port = await listenOnAnyPort();
    if (!handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error('the kernel kept handing out ports this process already used (100 tries)');
}
