// The flags of --mode multi-leader: the topology changes travel along, how
// concurrent writes are resolved, and the sync period. Declared once for
// parsing and --help; every problem names the flag and the fix.
import { fail, type FlagReader, type FlagSpec } from '../../flags.ts';
import { bugFlag, bugOf } from '../bugs.ts';
import { BUGS, type BugName } from './bugs.ts';
import type { ClusterIds } from '../mode.ts';

export const TOPOLOGIES = ['all-to-all', 'circular', 'star'] as const;
export type Topology = (typeof TOPOLOGIES)[number];

export const CONFLICT_POLICIES = ['lww', 'replica-id', 'merge', 'siblings'] as const;
export type ConflictPolicy = (typeof CONFLICT_POLICIES)[number];

export interface MultiLeaderConfig {
  readonly self: string;
  readonly nodes: readonly string[];
  readonly topology: Topology;
  /** The star's centre (star only; null otherwise). */
  readonly hub: string | null;
  readonly conflicts: ConflictPolicy;
  /** Retransmit period: unacknowledged changes are resent this often. */
  readonly syncMs: number;
  /** A deliberate bug (bugs.ts), for measuring detection; null in every real run. */
  readonly bug: BugName | null;
}

export const FLAGS: readonly FlagSpec[] = [
  {
    name: 'topology',
    kind: 'string',
    arg: '<t>',
    help: 'all-to-all | circular | star: where each node sends changes (default all-to-all)',
  },
  { name: 'hub', kind: 'string', arg: '<id>', help: 'star: the centre node (default: lowest id)' },
  {
    name: 'conflicts',
    kind: 'string',
    arg: '<policy>',
    help: [
      'lww | replica-id | merge | siblings: concurrent writes to a key',
      'keep the latest wall-clock timestamp, the highest node id, the union',
      '(values are observed-remove sets), or every version (default lww)',
    ].join('\n'),
  },
  {
    name: 'sync-ms',
    kind: 'int',
    arg: '<ms>',
    help: 'resend changes a peer has not acknowledged this often (default 100)',
  },
  bugFlag(Object.keys(BUGS)),
];

export function parseOptions(f: FlagReader, { self, nodes }: ClusterIds): MultiLeaderConfig {
  const topology = f.oneOf<Topology>('topology', TOPOLOGIES, 'all-to-all');
  if (f.has('hub') && topology !== 'star')
    fail(`--hub applies only to --topology star (got --topology ${topology}); drop --hub`);
  const hub = topology === 'star' ? f.str('hub', nodes[0]) : null;
  if (hub !== null && !nodes.includes(hub))
    fail(`--hub ${hub} is not a node; known: ${nodes.join(', ')}`);
  return {
    self,
    nodes,
    topology,
    hub,
    conflicts: f.oneOf<ConflictPolicy>('conflicts', CONFLICT_POLICIES, 'lww'),
    syncMs: f.int('sync-ms', 1, 100),
    bug: bugOf<BugName>(f, BUGS),
  };
}

export function describe(c: MultiLeaderConfig): string {
  return `topology ${c.topology}${c.hub ? ` hub ${c.hub}` : ''} conflicts ${c.conflicts} sync-ms ${c.syncMs}`;
}
