import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NodeInfo } from '../core/cluster.ts';
import { ClockOffsets } from './clock-offsets.ts';
import { LOOPBACK } from './ports.ts';

let server: Server;
let node: NodeInfo;
let dir: string;
/** The offsets the stand-in node was told, in order. */
let posted: number[];

beforeEach(async () => {
  posted = [];
  dir = mkdtempSync(join(tmpdir(), 'splitbrain-clock-'));
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      posted.push((JSON.parse(body) as { offsetMs: number }).offsetMs);
      res.end('{"ok":true}');
    });
  });
  await new Promise<void>((r) => server.listen(0, LOOPBACK, r));
  const addr = server.address();
  node = { id: 'n1', host: LOOPBACK, port: typeof addr === 'object' && addr ? addr.port : 0 };
});

afterEach(async () => {
  await new Promise((r) => server.close(r));
  rmSync(dir, { recursive: true, force: true });
});

describe('ClockOffsets', () => {
  it('through libfaketime writes the offset file and never posts', async () => {
    const clocks = new ClockOffsets('faketime');
    const file = join(dir, 'n1.faketime');
    const applied = await clocks.set(node, file, -2500, () => true);
    expect(applied.via).toBe('libfaketime');
    expect(readFileSync(file, 'utf8')).toBe('-2.500s\n');
    await clocks.restarted(node);
    await clocks.resumed(node);
    expect(posted).toEqual([]);
  });

  it('through the store posts at once to a running node, and again after a restart', async () => {
    const clocks = new ClockOffsets('store');
    const applied = await clocks.set(node, join(dir, 'unused'), 750, () => true);
    expect(applied.via).toBe('store clock offset');
    expect(posted).toEqual([750]);
    await clocks.restarted(node);
    expect(posted).toEqual([750, 750]);
  });

  it('holds an offset set while the node cannot answer until it is resumed', async () => {
    const clocks = new ClockOffsets('store');
    await clocks.set(node, join(dir, 'unused'), 300, async () => false);
    expect(posted).toEqual([]);
    await clocks.resumed(node);
    expect(posted).toEqual([300]);
  });

  it('does not post a zero offset to a fresh process, which starts at zero', async () => {
    const clocks = new ClockOffsets('store');
    await clocks.restarted(node);
    await clocks.set(node, join(dir, 'unused'), 0, () => false);
    await clocks.restarted(node);
    expect(posted).toEqual([]);
  });
});
