// A second single-leader grid, for the deposed leader's window: the
// kv-readers workload (reader sessions that stay with the node that last
// answered them) under the depose-leader schedule, judged across sessions
// by linearizable-kv. The kv workload cannot see a deposed leader: its
// sessions move to the new one as soon as a write times out, and each key
// has one writer (README, "Detection power").
import { DEPOSE_LEADER, type CellKey, type ModeGrid, type Prediction } from './grid.ts';
import {
  leaderKeepsWrites,
  predictSingleLeader,
  singleLeaderGrid,
} from './theory-single-leader.ts';

const must = (reason: string): Prediction => ({ expect: 'must-hold', reason });
const may = (reason: string): Prediction => ({ expect: 'may-violate', reason });

function linearizable(cell: CellKey): Prediction {
  if (!leaderKeepsWrites(cell.setting))
    return may(
      'failover under async replication can discard acknowledged writes (DDIA 5.1, "Handling node outages")',
    );
  return cell.readFrom === 'leader'
    ? must(
        'a write is acknowledged once a majority holds it, and a leader read is answered only after a majority confirmed the leader (read index), so every read sees every write acknowledged before it began (DDIA 9, "Linearizability")',
      )
    : may(
        'a replica that is not the confirmed leader may miss a write another session has seen acknowledged (DDIA 9, "Linearizability"; 5.2)',
      );
}

export function predictDeposed(guarantee: string, cell: CellKey): Prediction {
  return guarantee === 'linearizable-kv'
    ? linearizable(cell)
    : predictSingleLeader(guarantee, cell);
}

export const deposedLeaderGrid: ModeGrid = {
  mode: 'single-leader',
  workload: 'kv-readers',
  settings: [
    {
      id: 'semi-sync-failover-readers',
      label: 'semi-sync + failover, kv-readers (6 sessions)',
      // Six sessions: a reader pinned to each node under sticky reads (readers are the odd ones).
      flags: { replication: 'semi-sync', failoverTimeoutMs: 1000, concurrency: 6 },
    },
  ],
  readPolicies: ['leader', 'sticky'],
  guarantees: ['linearizable-kv', 'monotonic-reads'],
  nemeses: [DEPOSE_LEADER],
  bugs: singleLeaderGrid.bugs,
  predict: predictDeposed,
};
