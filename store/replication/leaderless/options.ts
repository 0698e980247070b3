// The flags of --mode leaderless, declared once for parsing and --help, and
// the read and write options its clients send. Every problem names the flag
// (or field) and the fix.
import { fail, type FlagReader, type FlagSpec } from '../../flags.ts';
import type { RequestOptions } from '../../protocol.ts';
import type { ClusterIds, Parsed } from '../mode.ts';
import { isVersionVector, type VersionVector } from '../shared/version-vector.ts';
import { bugFlag, bugOf } from '../bugs.ts';
import { BUGS, type BugName } from './bugs.ts';
import type { Conflicts } from './siblings.ts';

export interface LeaderlessConfig {
  /** Home replicas per key. */
  readonly n: number;
  /** Acknowledgements a write waits for. */
  readonly w: number;
  /** Replies a read waits for. */
  readonly r: number;
  readonly sloppy: boolean;
  readonly conflicts: Conflicts;
  /** 0: no anti-entropy. */
  readonly antiEntropyIntervalMs: number;
  /** A write or read not answered by enough replicas by then is answered "timeout". */
  readonly requestTimeoutMs: number;
  /** With --sloppy, replicas silent this long are replaced by fallbacks holding a hint. */
  readonly sloppyAfterMs: number;
  readonly tickMs: number;
  /** A deliberate bug (bugs.ts), for measuring detection; null in every real run. */
  readonly bug: BugName | null;
  /** The node whose counter version comparisons skip: set only by version-vector-ignores-node. */
  readonly blind: string | null;
}

export const FLAGS: readonly FlagSpec[] = [
  {
    name: 'n',
    kind: 'int',
    arg: '<n>',
    help: 'home replicas per key (default 3, at most the nodes)',
  },
  { name: 'w', kind: 'int', arg: '<w>', help: 'acknowledgements a write waits for (default 2)' },
  { name: 'r', kind: 'int', arg: '<r>', help: 'replies a read waits for (default 2)' },
  {
    name: 'sloppy',
    kind: 'bool',
    help: 'sloppy quorum: writes and reads use fallback nodes when home\nreplicas are silent; fallbacks hand hinted writes back',
  },
  { name: 'conflicts', kind: 'string', arg: '<how>', help: 'siblings | lww (default siblings)' },
  {
    name: 'anti-entropy-interval-ms',
    kind: 'int',
    arg: '<ms>',
    help: 'compare Merkle trees with one peer this often (default 1000, 0: off)',
  },
  {
    name: 'request-timeout-ms',
    kind: 'int',
    arg: '<ms>',
    help: 'answer "timeout" when a quorum has not answered by then (default 2000)',
  },
  bugFlag(Object.keys(BUGS)),
];

export function parseOptions(f: FlagReader, cluster: ClusterIds): LeaderlessConfig {
  const size = cluster.nodes.length;
  const n = f.int('n', 1, Math.min(3, size));
  if (n > size)
    fail(`--n ${n} is more than the ${size} nodes of the cluster; give --n ${size} or fewer`);
  const w = f.int('w', 1, Math.min(2, n));
  const r = f.int('r', 1, Math.min(2, n));
  if (w > n) fail(`--w ${w} is more than --n ${n}: a write could never be acknowledged`);
  if (r > n) fail(`--r ${r} is more than --n ${n}: a read could never be answered`);
  const requestTimeoutMs = f.int('request-timeout-ms', 1, 2000);
  const bug = bugOf<BugName>(f, BUGS);
  return {
    n,
    w,
    r,
    sloppy: f.bool('sloppy'),
    conflicts: f.oneOf('conflicts', ['siblings', 'lww'], 'siblings'),
    antiEntropyIntervalMs: f.int('anti-entropy-interval-ms', 0, 1000),
    requestTimeoutMs,
    sloppyAfterMs: Math.max(1, Math.min(200, Math.floor(requestTimeoutMs / 4))),
    tickMs: 50,
    bug,
    blind: bug === 'version-vector-ignores-node' ? cluster.nodes.at(-1)! : null,
  };
}

export function describe(c: LeaderlessConfig): string {
  const ae = c.antiEntropyIntervalMs > 0 ? `${c.antiEntropyIntervalMs} ms` : 'off';
  return `n=${c.n} w=${c.w} r=${c.r}${c.sloppy ? ' sloppy' : ''} conflicts=${c.conflicts} anti-entropy=${ae}`;
}

export interface ReadOptions {
  /** Final reads: answer from this node's own replica where it is one (no quorum). */
  readonly local: boolean;
  /**
   * Wait for every home replica, not r, so read repair has brought each one
   * (this node included) up to the merge before the answer: what a final
   * check does without anti-entropy.
   */
  readonly all: boolean;
}

export interface WriteOptions {
  /**
   * The version the client last saw of the key: what this write supersedes
   * ({} supersedes nothing). Absent: the coordinator reads the key at r
   * first and supersedes what that read returns.
   */
  readonly context?: VersionVector;
}

const unknownField = (raw: RequestOptions, known: readonly string[]): string | undefined =>
  Object.keys(raw).find((k) => !known.includes(k));

export function parseReadOptions(raw: RequestOptions): Parsed<ReadOptions> {
  const bad = unknownField(raw, ['local', 'all']);
  if (bad !== undefined)
    return {
      ok: false,
      message: `unknown read option "${bad}"; leaderless reads take: local, all`,
    };
  for (const field of ['local', 'all'] as const)
    if (raw[field] !== undefined && typeof raw[field] !== 'boolean')
      return {
        ok: false,
        message: `"${field}" must be true or false, got ${JSON.stringify(raw[field])}`,
      };
  return { ok: true, value: { local: raw.local === true, all: raw.all === true } };
}

export function parseWriteOptions(raw: RequestOptions): Parsed<WriteOptions> {
  const bad = unknownField(raw, ['context']);
  if (bad !== undefined)
    return { ok: false, message: `unknown write option "${bad}"; leaderless writes take: context` };
  if (raw.context !== undefined && !isVersionVector(raw.context))
    return {
      ok: false,
      message: `"context" must be a version vector ({"n1": 3, ...}: the version a read returned), got ${JSON.stringify(raw.context)}`,
    };
  return {
    ok: true,
    value: raw.context === undefined ? {} : { context: raw.context as VersionVector },
  };
}
