import { describe, expect, it } from 'vitest';
import { parseStoreOptions, STORE_USAGE, StoreOptionsError } from './options.ts';
import { MODES } from './replication/index.ts';
import type { Mode } from './replication/mode.ts';

const base = ['--id', 'n1', '--client-port', '7001', '--peer-port', '8001', '--data-dir', '/tmp/x'];

describe('parseStoreOptions', () => {
  it('parses flags with defaults, the mode single-leader', () => {
    const o = parseStoreOptions([
      ...base,
      '--peer',
      'n2=127.0.0.1:8002',
      '--peer=n10=127.0.0.1:8010',
    ]);
    expect(o).toMatchObject({ self: 'n1', host: '127.0.0.1', clientPort: 7001, peerPort: 8001 });
    expect(o.peers).toEqual([
      { id: 'n2', host: '127.0.0.1', port: 8002 },
      { id: 'n10', host: '127.0.0.1', port: 8010 },
    ]);
    expect(o.nodes).toEqual(['n1', 'n2', 'n10']);
    expect(o.mode).toMatchObject({ name: 'single-leader', tickMs: 100 });
    expect(o.mode.description).toContain('replication async');
    const same = parseStoreOptions([...base, '--mode', 'single-leader', '--heartbeat-ms', '20']);
    expect(same.mode).toMatchObject({ name: 'single-leader', tickMs: 20 });
  });

  it.each([
    [
      ['--bogus', '1'],
      /unknown flag --bogus; valid flags with --mode single-leader: .*--replication/,
    ],
    [['--mode', 'paxos'], /--mode must be one of single-leader(, [a-z-]+)*, got "paxos"/],
    [
      ['--conflicts', 'lww'],
      /--conflicts is an option of --mode multi-leader or leaderless, and this node runs --mode single-leader/,
    ],
    [
      ['--mode', 'multi-leader', '--replication', 'sync'],
      /--replication is an option of --mode single-leader/,
    ],
    [
      ['--mode', 'multi-leader', '--topology', 'circular', '--hub', 'n2'],
      /--hub applies only to --topology star/,
    ],
    [['--mode', 'multi-leader', '--topology', 'star', '--hub', 'n9'], /--hub n9 is not a node/],
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

  it("refuses another mode's flag, naming the flag, its mode and the node's", () => {
    // A second mode with a flag of its own, beside the registry's.
    const quorum: Mode = {
      name: 'quorum',
      summary: 'a stand-in',
      flags: [{ name: 'votes', kind: 'int', help: 'votes needed' }],
      configure: () => {
        throw new Error('not built in this test');
      },
    };
    const modes = [...MODES, quorum];
    expect(() => parseStoreOptions([...base, '--votes', '2'], modes)).toThrow(
      '--votes is an option of --mode quorum, and this node runs --mode single-leader; drop it or add --mode quorum',
    );
    expect(() => parseStoreOptions([...base, '--mode', 'quorum', '--shards', '2'], modes)).toThrow(
      '--shards is an option of --mode single-leader, and this node runs --mode quorum',
    );
  });

  it('--help lists the options by mode', () => {
    expect(STORE_USAGE).toMatch(/--mode <mode> +replication mode: single-leader/);
    expect(STORE_USAGE).toMatch(/Mode single-leader \(default\): [^\n]+\n +--leader <id>/);
    for (const flag of ['replication', 'shards', 'apply-delay-ms', 'unsafe-failover'])
      expect(STORE_USAGE).toContain(`--${flag}`);
  });
});
