import { afterEach, describe, expect, it } from 'vitest';
import net from 'node:net';
import { TcpTransport } from './tcp-transport.ts';
import type { PeerMessage } from './messages.ts';
import { freePort } from './testing/free-port.ts';

const open: TcpTransport[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((t) => t.close()));
});

async function eventually(cond: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

const hb = (term: number): PeerMessage => ({
  type: 'append',
  shard: 0,
  term,
  prevLsn: 0,
  prevTerm: 0,
  entries: [],
  leaderLsn: 0,
  commitLsn: 0,
});

describe('TcpTransport', () => {
  it('delivers frames with the sender id, drops garbage, reconnects after the peer restarts', async () => {
    const [pa, pb] = [await freePort(), await freePort()];
    const a = new TcpTransport('a', [{ id: 'b', host: '127.0.0.1', port: pb }], () => {});
    let b = new TcpTransport('b', [{ id: 'a', host: '127.0.0.1', port: pa }], () => {});
    open.push(a, b);
    const got: [string, number][] = [];
    b.onMessage((from, m) => got.push([from, m.term]));
    await a.listen('127.0.0.1', pa);
    await b.listen('127.0.0.1', pb);
    await eventually(() => {
      a.send('b', hb(1));
      return got.length > 0;
    });
    expect(got[0]).toEqual(['a', 1]);

    // A raw peer writing a torn frame and garbage: both dropped, the next frame still arrives.
    const raw = net.connect(pb, '127.0.0.1');
    await new Promise((r) => raw.once('connect', r));
    raw.write('{"from":"a","msg":{"type":"app\nnot json\n{"from":"a","msg":{"type":"bogus"}}\n');
    raw.write(JSON.stringify({ from: 'a', msg: hb(7) }) + '\n');
    await eventually(() => got.some(([, t]) => t === 7));
    expect(b.badFrames).toBe(3);
    raw.destroy();

    await b.close();
    b = new TcpTransport('b', [{ id: 'a', host: '127.0.0.1', port: pa }], () => {});
    open.push(b);
    const again: number[] = [];
    b.onMessage((_from, m) => again.push(m.term));
    await b.listen('127.0.0.1', pb);
    await eventually(() => {
      a.send('b', hb(9));
      return again.includes(9);
    });
  });
});
