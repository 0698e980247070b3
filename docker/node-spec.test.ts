import { describe, expect, it } from 'vitest';
import type { StoreImage } from './image.ts';
import { storeLauncher } from '../systems/store/launcher.ts';
import { nodeCommand, nodeEnv, runIdFor } from './node-spec.ts';

const image: StoreImage = {
  ref: 'splitbrain-store:0123456789abcdef',
  nodeBinary: '/usr/bin/node',
  hasFaketime: true,
  built: false,
  elapsedMs: 0,
  sizeBytes: 0,
};

describe('a node container launch', () => {
  it('names a run by its directory, the same every time', () => {
    expect(runIdFor('/runs/a/1')).toMatch(/^[0-9a-f]{12}$/);
    expect(runIdFor('/runs/a/1')).toBe(runIdFor('/runs/a/../a/1'));
    expect(runIdFor('/runs/a/1')).not.toBe(runIdFor('/runs/a/2'));
  });

  it('points each peer at its container name, and makes n1 the leader by default', () => {
    const cmd = nodeCommand(
      storeLauncher(),
      image,
      'r1',
      'n2',
      ['n1', 'n2', 'n3'],
      ['--replication', 'async'],
    );
    expect(cmd.slice(0, 2)).toEqual(['/usr/bin/node', '/app/store.mjs']);
    expect(cmd.join(' ')).toContain(
      '--peer n1=splitbrain-r1-n1:7001 --peer n3=splitbrain-r1-n3:7001',
    );
    expect(cmd.join(' ')).toContain('--host 0.0.0.0 --client-port 7000 --peer-port 7001');
    expect(cmd.slice(-4)).toEqual(['--leader', 'n1', '--replication', 'async']);
    expect(
      nodeCommand(storeLauncher(), image, 'r1', 'n1', ['n1'], ['--leader', 'n1']),
    ).not.toContain('n2');
  });

  it('preloads libfaketime only when the image has it', () => {
    expect(nodeEnv(image)).toEqual({
      LD_PRELOAD: '/usr/lib/faketime/libfaketimeMT.so.1',
      FAKETIME_TIMESTAMP_FILE: '/faketime/offset',
      FAKETIME_NO_CACHE: '1',
      FAKETIME_DONT_FAKE_MONOTONIC: '1',
      LC_NUMERIC: 'C',
    });
    expect(nodeEnv({ ...image, hasFaketime: false })).toEqual({});
  });
});
