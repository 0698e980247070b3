// What theory predicts for single-leader replication (DDIA ch. 5.1-5.2;
// Terry et al., "Session Guarantees for Weakly Consistent Replicated Data",
// 1994), per guarantee, read policy and setting. "must-hold" is a claim the
// store makes; "may-violate" says a correct store is allowed to break it, so
// the matrix expects to see it broken under faults.
import {
  DEFAULT_NEMESES,
  KV_SESSION,
  type CellKey,
  type ModeGrid,
  type Prediction,
  type Setting,
} from './grid.ts';
import { storeBugsOf } from '../../systems/store/options.ts';

interface Facts {
  readonly replication: string;
  readonly sharded: boolean;
  readonly failover: boolean;
  /** An acknowledged write survives every leader change (no failover, or a majority holds it). */
  readonly leaderKeeps: boolean;
}

function factsOf(s: Setting): Facts {
  const replication = String(s.flags.replication ?? 'async');
  const failover = Number(s.flags.failoverTimeoutMs ?? 0) > 0 || s.flags.unsafeFailover === true;
  const majority =
    replication === 'sync' || (replication === 'semi-sync' && !s.flags.unsafeFailover);
  return {
    replication,
    sharded: Number(s.flags.shards ?? 1) > 1,
    failover,
    leaderKeeps: !failover || (majority && s.flags.unsafeFailover !== true),
  };
}

/** An acknowledged write survives every leader change of this setting (linearizable-kv's premise). */
export const leaderKeepsWrites = (s: Setting): boolean => factsOf(s).leaderKeeps;

const must = (reason: string): Prediction => ({ expect: 'must-hold', reason });
const may = (reason: string): Prediction => ({ expect: 'may-violate', reason });

const LOST =
  'failover under async replication can discard acknowledged writes (DDIA 5.1, "Handling node outages")';
const LAG =
  'a follower behind the leader serves reads that miss recent writes (DDIA 5.2, "Reading your own writes")';
const REPLICAS =
  'successive reads on different replicas at different points go back in time (DDIA 5.2, "Monotonic reads")';
const SHARDS =
  'shards have no common order: a read sees each shard at a different point (DDIA 5.2, "Consistent prefix reads")';
const LEADER = 'leader reads are linearizable: the confirmed leader holds every acknowledged write';

function readYourWrites(f: Facts, readFrom: string): Prediction {
  if (!f.leaderKeeps) return may(LOST);
  switch (readFrom) {
    case 'leader':
      return must(LEADER);
    case 'lsn-token':
      return must("the replica waits until it applied the LSN of the session's write, or refuses");
    default:
      return f.replication === 'sync'
        ? must('sync acknowledges once every follower applied the write (remote apply)')
        : may(readFrom === 'leader-window' ? `${LAG}; a fault outlasts the window` : LAG);
  }
}

function monotonicReads(f: Facts, readFrom: string): Prediction {
  if (!f.leaderKeeps) return may(`${LOST}; a read after the loss goes back`);
  switch (readFrom) {
    case 'leader':
      return must(LEADER);
    case 'sticky':
      return must(
        'one replica per session, applying its log in order and never rolling back a visible write',
      );
    case 'lsn-token':
      return must('the token carries the highest LSN the session read, per shard');
    default:
      return may(REPLICAS);
  }
}

function consistentPrefix(f: Facts, readFrom: string): Prediction {
  if (!f.leaderKeeps) return may(`${LOST}; a later read misses a predecessor`);
  if (f.sharded) return may(SHARDS);
  switch (readFrom) {
    case 'leader':
      return must(LEADER);
    case 'sticky':
      return must("one replica's state is always a prefix of the one log");
    case 'lsn-token':
      return must('one log, and the token holds the point the session has seen');
    default:
      return may(`${REPLICAS}; the later replica may miss what the session saw`);
  }
}

export function predictSingleLeader(guarantee: string, cell: CellKey): Prediction {
  const f = factsOf(cell.setting);
  if (guarantee === 'read-your-writes') return readYourWrites(f, cell.readFrom);
  if (guarantee === 'monotonic-reads') return monotonicReads(f, cell.readFrom);
  if (guarantee === 'consistent-prefix') return consistentPrefix(f, cell.readFrom);
  return may(`no prediction for ${guarantee}`);
}

const FAILOVER_MS = 1000;

export const singleLeaderGrid: ModeGrid = {
  mode: 'single-leader',
  settings: [
    { id: 'async', label: 'async', flags: { replication: 'async' } },
    { id: 'semi-sync', label: 'semi-sync (1 of 2)', flags: { replication: 'semi-sync' } },
    { id: 'sync', label: 'sync', flags: { replication: 'sync' } },
    { id: 'async-shards', label: 'async, 3 shards', flags: { replication: 'async', shards: 3 } },
    {
      id: 'async-failover',
      label: 'async + failover',
      flags: { replication: 'async', failoverTimeoutMs: FAILOVER_MS },
    },
    {
      id: 'semi-sync-failover',
      label: 'semi-sync + failover',
      flags: { replication: 'semi-sync', failoverTimeoutMs: FAILOVER_MS },
    },
    {
      id: 'sync-failover',
      label: 'sync + failover',
      flags: { replication: 'sync', failoverTimeoutMs: FAILOVER_MS },
    },
  ],
  readPolicies: ['leader', 'any', 'sticky', 'lsn-token', 'leader-window'],
  guarantees: KV_SESSION,
  nemeses: DEFAULT_NEMESES,
  bugs: storeBugsOf('single-leader'),
  predict: predictSingleLeader,
};
