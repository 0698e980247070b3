import { connect, createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOOPBACK } from '../../kit/ports.ts';
import { SourceDemux, sourceAddress } from './source-demux.ts';

/** A server that answers every connection with its own name, then closes. */
function namer(name: string): Promise<{ server: Server; port: number }> {
  const server = createServer((s) => s.end(name));
  return new Promise((resolve) =>
    server.listen(0, LOOPBACK, () => {
      const a = server.address();
      resolve({ server, port: typeof a === 'object' && a !== null ? a.port : 0 });
    }),
  );
}

/** What the demux's upstream says to a connection from localAddress; '' when refused. */
function ask(port: number, localAddress: string): Promise<string> {
  return new Promise((resolve) => {
    let got = '';
    const s = connect({ port, host: LOOPBACK, localAddress });
    s.on('data', (b) => (got += b.toString()));
    s.on('error', () => resolve(got));
    s.on('close', () => resolve(got));
  });
}

describe('SourceDemux', () => {
  let link: { server: Server; port: number };
  let client: { server: Server; port: number };
  let demux: SourceDemux;
  let port: number;

  beforeAll(async () => {
    link = await namer('link n2>n1');
    client = await namer('client proxy');
    demux = new SourceDemux({
      portFor: (addr) =>
        addr === LOOPBACK ? client.port : addr === sourceAddress(1) ? link.port : null,
    });
    port = await demux.listen();
  });

  afterAll(async () => {
    await demux.close();
    link.server.close();
    client.server.close();
  });

  it('names n1 127.0.0.11 and refuses an index it cannot address', () => {
    expect(sourceAddress(0)).toBe('127.0.0.11');
    expect(() => sourceAddress(-1)).toThrow('node index must be 0..200, got -1');
  });

  it('routes by the address a connection comes from', async () => {
    expect(await ask(port, sourceAddress(1))).toBe('link n2>n1');
    expect(await ask(port, LOOPBACK)).toBe('client proxy');
    // An address no route names is closed without reaching any upstream.
    expect(await ask(port, sourceAddress(5))).toBe('');
  });
});
