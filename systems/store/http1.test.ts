// The keep-alive client against real servers on loopback: node:http as the
// store runs it, and raw TCP servers that answer the way the store never
// does, each case something a broken client gets wrong.
import http from 'node:http';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { Http1Pool } from './http1.ts';
import { until } from '../../harness/testing/until.ts';

const servers: (Server | http.Server)[] = [];
const pools: Http1Pool[] = [];
afterEach(async () => {
  for (const p of pools.splice(0)) p.close();
  for (const s of servers.splice(0)) {
    if ('closeAllConnections' in s) s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

function pool(): Http1Pool {
  const p = new Http1Pool();
  pools.push(p);
  return p;
}

async function listen<S extends Server | http.Server>(s: S): Promise<number> {
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return (s.address() as AddressInfo).port;
}

/** A node:http server answering JSON with Content-Length, counting its connections. */
async function jsonServer(answer: (path: string, body: string) => [number, unknown]) {
  const conns: Socket[] = [];
  const s = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const [status, reply] = answer(req.url ?? '', body);
      const text = JSON.stringify(reply);
      res.writeHead(status, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(text),
      });
      res.end(text);
    });
  });
  s.on('connection', (c: Socket) => conns.push(c));
  return { port: await listen(s), conns, server: s };
}

/** A raw TCP server that writes `reply` once it has a request's head. */
async function rawServer(reply: string, then: 'keep' | 'end' = 'keep') {
  const s = createServer((c) => {
    c.once('data', () => {
      c.write(reply);
      if (then === 'end') c.end();
    });
  });
  return listen(s);
}

const signal = () => AbortSignal.timeout(2000);
const req = (port: number, body?: string) =>
  ({
    host: '127.0.0.1',
    port,
    method: body === undefined ? 'GET' : 'POST',
    path: '/x',
    signal: signal(),
    ...(body === undefined ? {} : { body }),
  }) as const;

describe('Http1Pool', () => {
  it('sends method, path and a JSON body, and reuses one connection for sequential requests', async () => {
    const seen: string[] = [];
    const srv = await jsonServer(
      (path, body) => (seen.push(`${path} ${body}`), [201, { ok: 'é' }]),
    );
    const p = pool();
    for (let i = 0; i < 5; i++) {
      const r = await p.request(req(srv.port, JSON.stringify({ i, s: 'ü' })));
      expect(r).toEqual({ status: 201, text: '{"ok":"é"}' });
    }
    expect(seen).toEqual([0, 1, 2, 3, 4].map((i) => `/x {"i":${i},"s":"ü"}`));
    expect(srv.conns.length).toBe(1);
  });

  it('opens one connection per concurrent request, then reuses them', async () => {
    const srv = await jsonServer(() => [200, {}]);
    const p = pool();
    await Promise.all([1, 2, 3].map(() => p.request(req(srv.port, '{}'))));
    await Promise.all([1, 2, 3].map(() => p.request(req(srv.port, '{}'))));
    expect(srv.conns.length).toBe(3);
  });

  it('a connection the server closed while idle is not reused', async () => {
    const srv = await jsonServer(() => [200, { n: 1 }]);
    const p = pool();
    await p.request(req(srv.port));
    srv.server.closeIdleConnections();
    await new Promise((r) => setTimeout(r, 50));
    expect((await p.request(req(srv.port))).status).toBe(200);
    expect(srv.conns.length).toBe(2);
  });

  it('a reply split across many packets is put together', async () => {
    const body = JSON.stringify({ v: 'x'.repeat(100_000) });
    const s = createServer((c) => {
      c.once('data', () => {
        const all = `HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
        const step = 7000;
        let i = 0;
        const next = () => {
          if (i >= all.length) return;
          c.write(all.slice(i, (i += i === 0 ? 10 : step)));
          setTimeout(next, 1);
        };
        next();
      });
    });
    const port = await listen(s);
    const r = await pool().request(req(port));
    expect(r.text).toBe(body);
  });

  it('a body without Content-Length ends with the connection, which is then not reused', async () => {
    const port = await rawServer('HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n{"a":1}', 'end');
    const r = await pool().request(req(port));
    expect(r).toEqual({ status: 200, text: '{"a":1}' });
  });

  it('refused connections reject with ECONNREFUSED', async () => {
    const port = await listen(createServer());
    servers.pop()!.close();
    await new Promise((r) => setTimeout(r, 20));
    await expect(pool().request(req(port))).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('an abort rejects at once and drops the connection', async () => {
    let serverSideClosed = false;
    // Never answers; reads, so that it sees the client hang up.
    const s = createServer((c) => {
      c.resume();
      c.on('close', () => (serverSideClosed = true));
    });
    const port = await listen(s);
    const ac = new AbortController();
    const p = pool().request({ ...req(port), signal: ac.signal });
    await new Promise((r) => setTimeout(r, 50));
    ac.abort(new Error('op timeout'));
    await expect(p).rejects.toThrow('op timeout');
    await until(() => serverSideClosed, 2000);
  });

  it.each([
    [
      'chunked framing',
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n',
      /Transfer-Encoding chunked/,
    ],
    ['not HTTP', 'SSH-2.0-OpenSSH\r\n\r\n', /not an HTTP\/1.x reply/],
    ['a bad length', 'HTTP/1.1 200 OK\r\nContent-Length: ten\r\n\r\n', /invalid Content-Length/],
    ['a reply cut short', 'HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n{"a"', /closed|ECONNRESET/],
  ])('rejects %s', async (_name, reply, message) => {
    const port = await rawServer(reply, 'end');
    await expect(pool().request(req(port))).rejects.toThrow(message);
  });

  it('idle connections do not keep the process alive', async () => {
    const srv = await jsonServer(() => [200, {}]);
    const script = `
      import { Http1Pool } from ${JSON.stringify(new URL('./http1.ts', import.meta.url).href)};
      const r = await new Http1Pool().request({ host: '127.0.0.1', port: ${srv.port}, method: 'GET', path: '/', signal: AbortSignal.timeout(2000) });
      console.log(r.status);
    `;
    const out = await execa(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      {
        timeout: 20_000,
      },
    );
    expect(out.stdout.trim()).toBe('200');
  });
});
