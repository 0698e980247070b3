// What theory predicts for multi-leader replication (DDIA ch. 5.3, "Handling
// Write Conflicts"; Terry et al. 1994 for the session guarantees), per
// conflict policy. Every node accepts writes and forwards them
// asynchronously, so a read on another leader may miss the session's write;
// what differs between policies is whether concurrent writes are lost.
import { SKEW_AHEAD, SKEW_NEMESIS, type CellKey, type ModeGrid, type Prediction } from './grid.ts';
import { storeBugsOf } from '../../systems/store/options.ts';

const must = (reason: string): Prediction => ({ expect: 'must-hold', reason });
const may = (reason: string): Prediction => ({ expect: 'may-violate', reason });

const ASYNC =
  'leaders replicate to each other asynchronously: a read on another leader misses recent writes (DDIA 5.3, "Multi-leader replication")';

function lostWrites(conflicts: string): Prediction {
  switch (conflicts) {
    case 'lww':
      return may(
        'last write wins by wall-clock timestamp: a skewed clock makes an older write win and the newer, acknowledged one vanish (DDIA 5.3, "Converging toward a consistent state"; ch. 8, "Timestamps for ordering events")',
      );
    case 'replica-id':
      return may(
        'the write from the higher node id wins a conflict: the other acknowledged write is discarded (DDIA 5.3, "Converging toward a consistent state")',
      );
    default:
      return must(
        'concurrent writes are kept as siblings (version vectors), none discarded (DDIA 5.4, "Capturing the happens-before relationship")',
      );
  }
}

export function predictMultiLeader(guarantee: string, cell: CellKey): Prediction {
  const conflicts = String(cell.setting.flags.conflicts ?? 'lww');
  if (guarantee === 'lost-writes') return lostWrites(conflicts);
  if (guarantee === 'convergence')
    return must(
      'once faults heal every leader has every change and resolves conflicts the same way (DDIA 5.3, "Converging toward a consistent state")',
    );
  if (guarantee === 'read-your-writes' || guarantee === 'monotonic-reads') return may(ASYNC);
  return may(`no prediction for ${guarantee}`);
}

export const multiLeaderGrid: ModeGrid = {
  mode: 'multi-leader',
  settings: [
    { id: 'ml-lww', label: 'LWW', flags: { conflicts: 'lww' } },
    { id: 'ml-replica-id', label: 'highest replica id wins', flags: { conflicts: 'replica-id' } },
    { id: 'ml-siblings', label: 'siblings', flags: { conflicts: 'siblings' } },
    {
      id: 'ml-lww-circular',
      label: 'LWW, circular topology',
      flags: { conflicts: 'lww', topology: 'circular' },
    },
  ],
  readPolicies: ['any'],
  guarantees: ['lost-writes', 'read-your-writes', 'monotonic-reads', 'convergence'],
  nemeses: [SKEW_NEMESIS, SKEW_AHEAD],
  bugs: storeBugsOf('multi-leader'),
  predict: predictMultiLeader,
};
