import { describe, expect, it } from 'vitest';
import { storeNodeArgs } from './launcher.ts';

const base = {
  id: 'n2',
  clientPort: 9000,
  peerPort: 9001,
  peers: [{ id: 'n1', port: 9100 }],
  dataDir: '/run/nodes/n2',
  leader: 'n1',
};

describe('storeNodeArgs', () => {
  it('dials peers on loopback and names the leader, by default', () => {
    expect(storeNodeArgs({ ...base, storeArgs: ['--replication', 'async'] })).toEqual([
      ...['--id', 'n2', '--client-port', '9000', '--peer-port', '9001'],
      ...['--peer', 'n1=127.0.0.1:9100', '--data-dir', '/run/nodes/n2'],
      ...['--leader', 'n1', '--replication', 'async'],
    ]);
  });

  it('takes a listen address and peer hosts, and leaves a leader the store args name', () => {
    const args = storeNodeArgs({
      ...base,
      listenHost: '0.0.0.0',
      peers: [{ id: 'n1', host: 'box-n1', port: 7001 }],
      storeArgs: ['--leader', 'n3'],
    });
    expect(args.slice(0, 4)).toEqual(['--id', 'n2', '--host', '0.0.0.0']);
    expect(args).toContain('n1=box-n1:7001');
    expect(args.filter((a) => a === '--leader')).toHaveLength(1);
    expect(args.slice(-2)).toEqual(['--leader', 'n3']);
  });

  it('names no leader for a mode without one, and still for --mode single-leader', () => {
    const withMode = (mode: string) => storeNodeArgs({ ...base, storeArgs: ['--mode', mode] });
    expect(withMode('single-leader')).toContain('--leader');
    // Not a registered mode: the node itself will refuse it, naming the modes it knows.
    expect(withMode('leaderless')).not.toContain('--leader');
  });
});
