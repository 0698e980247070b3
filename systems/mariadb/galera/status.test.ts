import { describe, expect, it } from 'vitest';
import { allSynced, parseGaleraState } from './status.ts';

const vars = (over: Record<string, string> = {}) =>
  parseGaleraState(
    new Map(
      Object.entries({
        wsrep_ready: 'ON',
        wsrep_cluster_status: 'Primary',
        wsrep_local_state_comment: 'Synced',
        wsrep_cluster_size: '3',
        wsrep_last_committed: '12',
        wsrep_local_recv_queue: '0',
        ...over,
      }),
    ),
  );

describe('galera node state', () => {
  it('synced: all ready, primary, synced, same size and commit, nothing queued', () => {
    expect(allSynced([vars(), vars(), vars()])).toBe(true);
  });

  it('not synced when one node is outside, behind, desynced, queued or silent', () => {
    expect(allSynced([vars(), vars(), vars({ wsrep_cluster_status: 'non-Primary' })])).toBe(false);
    expect(allSynced([vars(), vars(), vars({ wsrep_last_committed: '11' })])).toBe(false);
    expect(allSynced([vars(), vars(), vars({ wsrep_local_state_comment: 'Donor/Desynced' })])).toBe(
      false,
    );
    expect(allSynced([vars(), vars(), vars({ wsrep_local_recv_queue: '2' })])).toBe(false);
    expect(allSynced([vars({ wsrep_cluster_size: '2' }), vars({ wsrep_cluster_size: '2' })])).toBe(
      true,
    );
    expect(allSynced([vars(), vars(), null])).toBe(false);
  });
});
