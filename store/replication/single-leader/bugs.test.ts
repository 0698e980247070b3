import { afterEach, describe, expect, it } from 'vitest';
import { parseStoreOptions, StoreOptionsError } from '../../options.ts';
import { BUG_SWITCH } from '../bugs.ts';
import { forgetNewestEntry } from './bugs.ts';
import type { StorageRecord } from './records.ts';

const argv = ['--id', 'n1', '--client-port', '1', '--peer-port', '2', '--data-dir', '/tmp/x'];

afterEach(() => {
  delete process.env[BUG_SWITCH];
});

describe('deliberate bugs', () => {
  it('are refused unless the test switch is on, naming it', () => {
    expect(() => parseStoreOptions([...argv, '--bug', 'ack-before-sync'])).toThrow(
      StoreOptionsError,
    );
    expect(() => parseStoreOptions([...argv, '--bug', 'ack-before-sync'])).toThrow(BUG_SWITCH);
    process.env[BUG_SWITCH] = '1';
    expect(() => parseStoreOptions([...argv, '--bug', 'ack-before-sync'])).not.toThrow();
    expect(() => parseStoreOptions([...argv, '--bug', 'nope'])).toThrow(/--bug must be one of/);
  });

  it('lose-last-write-on-restart drops the newest entry and pulls the commit point back', () => {
    const entry = (lsn: number): StorageRecord =>
      ({
        t: 'entry',
        shard: 0,
        entry: { lsn, term: 1, key: 'k', value: lsn },
      }) as StorageRecord;
    const records: StorageRecord[] = [entry(1), entry(2), { t: 'commit', shard: 0, lsn: 2 }];
    expect(forgetNewestEntry(records)).toEqual([entry(1), { t: 'commit', shard: 0, lsn: 1 }]);
  });

  it('lose-last-write-on-restart: an entry written again at a forgotten LSN replaces it, so a second restart replays one log', () => {
    const entry = (lsn: number, value: number): StorageRecord =>
      ({ t: 'entry', shard: 0, entry: { lsn, term: 1, key: 'k', value } }) as StorageRecord;
    const records = [entry(1, 1), entry(2, 2), entry(2, 20), entry(3, 30)];
    expect(forgetNewestEntry(records)).toEqual([entry(1, 1), entry(2, 20)]);
  });
});
