import { createServer, connect, type Server, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { LinkProxy } from './proxy.ts';
import { until } from '../harness/testing/until.ts';

// An in-process peer that records what it receives and echoes it back.
interface Peer {
  server: Server;
  port: number;
  received: Buffer[];
}

async function peer(): Promise<Peer> {
  const received: Buffer[] = [];
  const server = createServer({ allowHalfOpen: true }, (s) => {
    s.on('data', (d: Buffer) => {
      received.push(d);
      s.write(d);
    });
    s.on('error', () => {});
    s.on('end', () => s.end());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  return { server, port: typeof addr === 'object' && addr ? addr.port : 0, received };
}

function dial(port: number): Promise<{ sock: Socket; got: Buffer[]; events: string[] }> {
  return new Promise((resolve, reject) => {
    const got: Buffer[] = [];
    const events: string[] = [];
    const sock = connect({ port, host: '127.0.0.1', allowHalfOpen: true }, () =>
      resolve({ sock, got, events }),
    );
    sock.on('data', (d: Buffer) => got.push(d));
    sock.on('end', () => events.push('end'));
    sock.on('error', (e: NodeJS.ErrnoException) => events.push(`error:${e.code}`));
    sock.on('close', () => events.push('close'));
    sock.once('error', reject);
  });
}

const text = (bs: Buffer[]) => Buffer.concat(bs).toString();

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

async function setup() {
  const p = await peer();
  const proxy = new LinkProxy('a', 'b', p.port);
  const port = await proxy.listen();
  cleanup.push(
    () => proxy.close(),
    () => new Promise<void>((r) => p.server.close(() => r())),
  );
  const c = await dial(port);
  cleanup.push(async () => void c.sock.destroy());
  return { p, proxy, c };
}

describe('LinkProxy', () => {
  it('forwards both ways when healthy', async () => {
    const { p, c } = await setup();
    c.sock.write('hello');
    await until(() => text(c.got) === 'hello');
    expect(text(p.received)).toBe('hello');
  });

  it('a forward cut drops a→b bytes, and heal resets the connection that lost them', async () => {
    const { p, proxy, c } = await setup();
    c.sock.write('one');
    await until(() => text(c.got) === 'one');
    proxy.setCut(true, false);
    c.sock.write('lost');
    await sleep(50);
    expect(text(p.received)).toBe('one');
    expect(proxy.stats.droppedBytes).toBe(4);
    proxy.setCut(false, false);
    await until(() => c.events.includes('close'));
    expect(c.events.some((e) => e.startsWith('error:ECONNRESET'))).toBe(true);
    const again = await dial(proxy.port);
    again.sock.write('two');
    await until(() => text(again.got) === 'two');
    again.sock.destroy();
  });

  it('a backward cut lets a→b through but drops the answers (one-way)', async () => {
    const { p, proxy, c } = await setup();
    proxy.setCut(false, true);
    c.sock.write('ping');
    await until(() => text(p.received) === 'ping');
    await sleep(50);
    expect(text(c.got)).toBe('');
  });

  it('a connection made during a cut never reaches b, and is reset on heal', async () => {
    const { p, proxy } = await setup();
    proxy.setCut(true, true);
    const late = await dial(proxy.port);
    late.sock.write('x');
    await sleep(50);
    expect(text(p.received)).toBe('');
    proxy.setCut(false, false);
    await until(() => late.events.includes('close'));
  });

  it('adds latency without reordering', async () => {
    const { proxy, c } = await setup();
    proxy.setFaults({ latencyMs: 80, jitterMs: 20, seed: 7 });
    const t0 = performance.now();
    for (const s of ['a', 'b', 'c', 'd']) c.sock.write(s);
    // Latency applies once each way through the proxy.
    await until(() => text(c.got) === 'abcd');
    expect(performance.now() - t0).toBeGreaterThanOrEqual(2 * 60 - 5);
  });

  it('caps bandwidth', async () => {
    const { proxy, c } = await setup();
    proxy.setFaults({ bandwidthBytesPerS: 20_000 });
    const t0 = performance.now();
    c.sock.write(Buffer.alloc(4000, 97));
    await until(() => Buffer.concat(c.got).length === 4000, 5000);
    // 4000 bytes at 20 kB/s each way: at least ~200 ms of transfer.
    expect(performance.now() - t0).toBeGreaterThanOrEqual(180);
  });

  it('chunk framing: loss resets the connection; duplication is refused', async () => {
    const { proxy, c } = await setup();
    expect(() => proxy.setFaults({ duplicateRate: 0.5 })).toThrow(/needs framing "line"/);
    proxy.setFaults({ lossRate: 1 });
    c.sock.write('gone');
    await until(() => c.events.includes('close'));
    expect(proxy.stats.resets).toBe(1);
  });

  it('line framing: loss drops whole lines, duplication repeats whole lines', async () => {
    const { p, proxy, c } = await setup();
    proxy.setFaults({ framing: 'line', duplicateRate: 1 });
    c.sock.write('m1\nm2\n');
    await until(() => text(p.received) === 'm1\nm1\nm2\nm2\n');
    proxy.setFaults({ framing: 'line', lossRate: 1 });
    c.sock.write('m3\n');
    await sleep(50);
    expect(text(p.received)).toBe('m1\nm1\nm2\nm2\n');
  });

  it('slow close delays the end by slowCloseMs', async () => {
    const { proxy, c } = await setup();
    proxy.setFaults({ slowCloseMs: 150 });
    const t0 = performance.now();
    c.sock.end();
    await until(() => c.events.includes('end'));
    expect(performance.now() - t0).toBeGreaterThanOrEqual(2 * 150 - 5);
  });
});

describe('LinkProxy fault changes mid-stream', () => {
  it('clearing latency never lets new bytes overtake delayed ones', async () => {
    const { p, proxy, c } = await setup();
    proxy.setFaults({ latencyMs: 150 }, 'forward');
    c.sock.write('first,');
    await sleep(10);
    proxy.setFaults(null);
    c.sock.write('second');
    await until(() => text(p.received) === 'first,second').catch(() => {
      throw new Error(`got ${JSON.stringify(text(p.received))}`);
    });
  });

  it('bytes in flight when a cut begins are dropped, and the connection reset on heal', async () => {
    const { p, proxy, c } = await setup();
    proxy.setFaults({ latencyMs: 100 }, 'forward');
    c.sock.write('in-flight');
    await sleep(10);
    proxy.setCut(true, false);
    await sleep(150);
    expect(text(p.received)).toBe('');
    proxy.setCut(false, false);
    await until(() => c.events.includes('close'));
  });

  it('a half line held for framing is sent whole when faults clear', async () => {
    const { p, proxy, c } = await setup();
    proxy.setFaults({ framing: 'line', latencyMs: 1 }, 'forward');
    c.sock.write('hal');
    await sleep(20);
    proxy.setFaults(null);
    c.sock.write('f\n');
    await until(() => text(p.received) === 'half\n');
  });
});
