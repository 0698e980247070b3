import { afterEach, describe, expect, it } from 'vitest';
import net from 'node:net';
import { TcpTransport } from './tcp-transport.ts';
import { isJsonObject } from './protocol.ts';
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

// The transport carries a mode's JSON without looking in; the node validates it.
const hb = (term: number) => ({ type: 'append', shard: 0, term, entries: [] });
const termOf = (m: unknown): number =>
  isJsonObject(m) && typeof m.term === 'number' ? m.term : -1;

describe('TcpTransport', () => {
  it('delivers frames with the sender id, drops garbage, reconnects after the peer restarts', async () => {
    const [pa, pb] = [await freePort(), await freePort()];
    const a = new TcpTransport('a', [{ id: 'b', host: '127.0.0.1', port: pb }], () => {});
    let b = new TcpTransport('b', [{ id: 'a', host: '127.0.0.1', port: pa }], () => {});
    open.push(a, b);
    const got: [string, number][] = [];
    b.onMessage((from, m) => got.push([from, termOf(m)]));
    await a.listen('127.0.0.1', pa);
    await b.listen('127.0.0.1', pb);
    await eventually(() => {
      a.send('b', hb(1));
      return got.length > 0;
    });
    expect(got[0]).toEqual(['a', 1]);

    // A raw peer writing a torn frame, garbage and a frame without a sender: all dropped,
    // the next frame still arrives.
    const raw = net.connect(pb, '127.0.0.1');
    await new Promise((r) => raw.once('connect', r));
    raw.write('{"from":"a","msg":{"type":"app\nnot json\n{"from":7,"msg":{"type":"x"}}\n');
    raw.write(JSON.stringify({ from: 'a', msg: hb(7) }) + '\n');
    await eventually(() => got.some(([, t]) => t === 7));
    expect(b.badFrames).toBe(3);
    raw.destroy();

    await b.close();
    b = new TcpTransport('b', [{ id: 'a', host: '127.0.0.1', port: pa }], () => {});
    open.push(b);
    const again: number[] = [];
    b.onMessage((_from, m) => again.push(termOf(m)));
    await b.listen('127.0.0.1', pb);
    await eventually(() => {
      a.send('b', hb(9));
      return again.includes(9);
    });
  });
});
