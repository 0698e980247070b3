import { describe, expect, it } from 'vitest';
import { parseStoreOptions, StoreOptionsError } from './options.ts';

const base = ['--id', 'n1', '--client-port', '7001', '--peer-port', '8001', '--data-dir', '/tmp/x'];

describe('parseStoreOptions', () => {
  it('parses flags with defaults', () => {
    const o = parseStoreOptions([
      ...base,
      '--peer',
      'n2=127.0.0.1:8002',
      '--peer=n10=127.0.0.1:8010',
    ]);
    expect(o).toMatchObject({ id: 'n1', host: '127.0.0.1', clientPort: 7001, peerPort: 8001 });
    expect(o.peers).toEqual([
      { id: 'n2', host: '127.0.0.1', port: 8002 },
      { id: 'n10', host: '127.0.0.1', port: 8010 },
    ]);
    expect(o.core).toMatchObject({
      nodes: ['n1', 'n2', 'n10'],
      leader: 'n1',
      replication: 'async',
    });
  });

  it.each([
    [['--bogus', '1'], /unknown flag --bogus/],
    [['--replication', 'fast'], /--replication must be one of async, sync, semi-sync, got "fast"/],
    [['--peer', 'n2'], /--peer must look like n2=127.0.0.1:17002/],
    [['--leader', 'n9'], /--leader n9 is not a node/],
    [['--client-port', 'x'], /given twice/],
    [['--unsafe-failover'], /needs failover enabled/],
    [['--sync-followers', '1'], /only to --replication semi-sync/],
  ])('rejects %j', (extra, msg) => {
    expect(() => parseStoreOptions([...base, ...extra])).toThrow(StoreOptionsError);
    expect(() => parseStoreOptions([...base, ...extra])).toThrow(msg);
  });

  it('names a missing required flag', () => {
    expect(() => parseStoreOptions(['--id', 'n1'])).toThrow(/--client-port is required/);
  });
});
