// What theory predicts for leaderless (Dynamo-style) replication: DDIA ch.
// 5.4 and DeCandia et al., "Dynamo" (2007), per n/w/r. With w + r > n a read
// overlaps every acknowledged write; below it, or with sloppy quorums, it need
// not. Monotonic reads are not promised even by strict quorums: a write that
// reached fewer than w replicas may be seen by one read and missed by the next.
import { storeBugsOf } from '../../systems/store/options.ts';
import { DEFAULT_NEMESES, type CellKey, type ModeGrid, type Prediction } from './grid.ts';

const must = (reason: string): Prediction => ({ expect: 'must-hold', reason });
const may = (reason: string): Prediction => ({ expect: 'may-violate', reason });

function strict(cell: CellKey): boolean {
  const f = cell.setting.flags;
  const n = Number(f.quorumN ?? 3);
  return f.sloppy !== true && Number(f.quorumW ?? 2) + Number(f.quorumR ?? 2) > n;
}

function readYourWrites(cell: CellKey): Prediction {
  if (cell.setting.flags.sloppy === true)
    return may(
      'a sloppy quorum writes to fallback nodes a later read need not ask (DDIA 5.4, "Sloppy quorums and hinted handoff"; Dynamo 4.6)',
    );
  return strict(cell)
    ? must(
        'w + r > n: every read asks at least one replica that acknowledged the write (DDIA 5.4, "Quorums for reading and writing")',
      )
    : may(
        'w + r ≤ n: a read may ask only replicas the write has not reached yet (DDIA 5.4, "Quorums for reading and writing")',
      );
}

export function predictLeaderless(guarantee: string, cell: CellKey): Prediction {
  switch (guarantee) {
    case 'read-your-writes':
      return readYourWrites(cell);
    case 'monotonic-reads':
      return may(
        'a write that reached fewer than w replicas may be returned by one read and missed by the next; read repair is asynchronous (DDIA 5.4, "Limitations of quorum consistency")',
      );
    case 'lost-writes':
      return must(
        'acknowledged writes are on disk and concurrent ones kept as siblings (version vectors), never overwritten (Dynamo 4.4; DDIA 5.4, "Detecting concurrent writes")',
      );
    case 'convergence':
      return cell.setting.flags.antiEntropyIntervalMs === 0
        ? must(
            'without anti-entropy, read repair: each final read first reads every key from all its home replicas, which writes the newest siblings back to each (Dynamo 5; DDIA 5.4, "Read repair")',
          )
        : must(
            'after faults heal, hinted handoff and Merkle-tree anti-entropy bring every replica to the same siblings (Dynamo 4.6-4.7; DDIA 5.4, "Anti-entropy process")',
          );
    default:
      return may(`no prediction for ${guarantee}`);
  }
}

export const leaderlessGrid: ModeGrid = {
  mode: 'leaderless',
  settings: [
    { id: 'w1r1', label: 'n=3, w=1, r=1', flags: { quorumN: 3, quorumW: 1, quorumR: 1 } },
    { id: 'w2r2', label: 'n=3, w=2, r=2 (strict)', flags: { quorumN: 3, quorumW: 2, quorumR: 2 } },
    {
      id: 'w2r2-no-ae',
      label: 'n=3, w=2, r=2, anti-entropy off (read repair only)',
      flags: { quorumN: 3, quorumW: 2, quorumR: 2, antiEntropyIntervalMs: 0 },
    },
    {
      id: 'sloppy-w2r2',
      label: 'sloppy, 5 nodes, n=3, w=2, r=2',
      flags: { nodes: 5, quorumN: 3, quorumW: 2, quorumR: 2, sloppy: true },
    },
  ],
  readPolicies: ['any'],
  guarantees: ['read-your-writes', 'monotonic-reads', 'lost-writes', 'convergence'],
  nemeses: DEFAULT_NEMESES,
  bugs: storeBugsOf('leaderless'),
  predict: predictLeaderless,
};
