import { afterEach, describe, expect, it } from 'vitest';
import { parseStoreOptions, StoreOptionsError } from '../../options.ts';
import { BUG_SWITCH } from '../bugs.ts';
import { droppedByTimestamp } from './bugs.ts';
import type { RegisterVersion } from './messages.ts';

const argv = ['--id', 'n1', '--client-port', '1', '--peer-port', '2', '--data-dir', '/tmp/x'];
const ml = [...argv, '--mode', 'multi-leader', '--conflicts', 'siblings'];

afterEach(() => {
  delete process.env[BUG_SWITCH];
});

const version = (node: string, seq: number, ts: number): RegisterVersion => ({
  value: seq,
  vv: { [node]: seq },
  ts,
  node,
});

describe("multi-leader's deliberate bug", () => {
  it('is refused without the test switch, and by the other modes', () => {
    expect(() => parseStoreOptions([...ml, '--bug', 'causality-by-timestamp'])).toThrow(BUG_SWITCH);
    process.env[BUG_SWITCH] = '1';
    expect(() => parseStoreOptions([...ml, '--bug', 'causality-by-timestamp'])).not.toThrow();
    expect(() => parseStoreOptions([...ml, '--bug', 'ack-before-sync'])).toThrow(
      /--bug must be one of causality-by-timestamp/,
    );
    expect(() => parseStoreOptions([...argv, '--bug', 'causality-by-timestamp'])).toThrow(
      StoreOptionsError,
    );
  });

  it("causality-by-timestamp drops a peer's newer write stamped earlier, never the node's own", () => {
    const held = [version('n2', 1, 5_000)];
    expect(droppedByTimestamp('n1', held, version('n2', 2, 4_000))).toBe(true);
    expect(droppedByTimestamp('n1', held, version('n2', 2, 6_000))).toBe(false);
    expect(droppedByTimestamp('n2', held, version('n2', 2, 4_000))).toBe(false);
  });
});
