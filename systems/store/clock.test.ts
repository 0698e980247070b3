import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { LOOPBACK } from '../../kit/ports.ts';
import { postStoreClockOffset } from './clock.ts';

let server: Server | null = null;
afterEach(async () => {
  await new Promise((r) => server?.close(r) ?? r(undefined));
  server = null;
});

/** A stand-in client API that records each request and answers with status. */
async function serve(status: number, seen: string[]): Promise<number> {
  const srv = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push(`${req.method} ${req.url} ${req.headers['content-type']} ${body}`);
      res.writeHead(status).end(status === 200 ? '{"ok":true}' : 'bad offset');
    });
  });
  server = srv;
  await new Promise<void>((r) => srv.listen(0, LOOPBACK, r));
  const addr = srv.address();
  return typeof addr === 'object' && addr !== null ? addr.port : 0;
}

describe('postStoreClockOffset', () => {
  it('posts the offset as JSON to /clock', async () => {
    const seen: string[] = [];
    const port = await serve(200, seen);
    await postStoreClockOffset({ id: 'n1', host: LOOPBACK, port }, -1500);
    expect(seen).toEqual(['POST /clock application/json {"offsetMs":-1500}']);
  });

  it('fails naming the url, the status and the answer', async () => {
    const port = await serve(400, []);
    await expect(postStoreClockOffset({ id: 'n1', host: LOOPBACK, port }, 5)).rejects.toThrow(
      `POST http://${LOOPBACK}:${port}/clock answered 400: bad offset`,
    );
  });
});
