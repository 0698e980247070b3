import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NodeInfo } from '../core/cluster.ts';
import { ClockOffsets, type PostClockOffset } from './clock-offsets.ts';

const node: NodeInfo = { id: 'n1', host: '127.0.0.1', port: 1 };
let dir: string;
/** The offsets the node was told through its own clock, in order. */
let posted: number[];
const post: PostClockOffset = async (n, offsetMs) => {
  expect(n).toBe(node);
  posted.push(offsetMs);
};

beforeEach(() => {
  posted = [];
  dir = mkdtempSync(join(tmpdir(), 'splitbrain-clock-'));
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('ClockOffsets', () => {
  it('through libfaketime writes the offset file and never posts', async () => {
    const clocks = new ClockOffsets('faketime', post);
    const file = join(dir, 'n1.faketime');
    const applied = await clocks.set(node, file, -2500, () => true);
    expect(applied.via).toBe('libfaketime');
    expect(readFileSync(file, 'utf8')).toBe('-2.500s\n');
    await clocks.restarted(node);
    await clocks.resumed(node);
    expect(posted).toEqual([]);
  });

  it("through the program's own offset posts at once to a running node, and again after a restart", async () => {
    const clocks = new ClockOffsets('store', post);
    const applied = await clocks.set(node, join(dir, 'unused'), 750, () => true);
    expect(applied.via).toBe('store clock offset');
    expect(posted).toEqual([750]);
    await clocks.restarted(node);
    expect(posted).toEqual([750, 750]);
  });

  it('holds an offset set while the node cannot answer until it is resumed', async () => {
    const clocks = new ClockOffsets('store', post);
    await clocks.set(node, join(dir, 'unused'), 300, async () => false);
    expect(posted).toEqual([]);
    await clocks.resumed(node);
    expect(posted).toEqual([300]);
  });

  it('does not post a zero offset to a fresh process, which starts at zero', async () => {
    const clocks = new ClockOffsets('store', post);
    await clocks.restarted(node);
    await clocks.set(node, join(dir, 'unused'), 0, () => false);
    await clocks.restarted(node);
    expect(posted).toEqual([]);
  });
});
