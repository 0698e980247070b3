// The flags of --mode single-leader: declared once for parsing and --help,
// validated into a NodeConfig. Every problem names the flag and the fix.
import { fail, StoreOptionsError, type FlagReader, type FlagSpec } from '../../flags.ts';
import type { ClusterIds } from '../mode.ts';
import { DEFAULTS, majority, type LogFormat, type NodeConfig, type SyncMode } from './config.ts';
import { applyDelayFor, parseApplyDelay, unknownDelayNodes } from './apply-delay.ts';
import { bugFlag, bugOf } from '../bugs.ts';
import { BUGS, type BugName } from './bugs.ts';

export const FLAGS: readonly FlagSpec[] = [
  {
    name: 'leader',
    kind: 'string',
    arg: '<id>',
    help: 'leader of shard 0 at first boot (default: lowest id)',
  },
  {
    name: 'replication',
    kind: 'string',
    arg: '<mode>',
    help: 'async | sync | semi-sync (default async)',
  },
  {
    name: 'sync-followers',
    kind: 'int',
    arg: '<k>',
    help: 'semi-sync: followers that must hold a write (default 1)',
  },
  { name: 'log-format', kind: 'string', arg: '<fmt>', help: 'row | statement (default row)' },
  {
    name: 'failover-timeout-ms',
    kind: 'int',
    arg: '<ms>',
    help: 'elect a new leader after this much leader silence (default 0: never)',
  },
  {
    name: 'unsafe-failover',
    kind: 'bool',
    help: 'elect without a majority and never fence an old leader (split brain)',
  },
  {
    name: 'heartbeat-ms',
    kind: 'int',
    arg: '<ms>',
    help: 'leader heartbeat / retransmit period (default 100)',
  },
  {
    name: 'write-timeout-ms',
    kind: 'int',
    arg: '<ms>',
    help: 'answer "timeout" if a write is not acknowledged by then (default 2000)',
  },
  {
    name: 'shards',
    kind: 'int',
    arg: '<n>',
    help: 'hash keys into n shards, leaders spread over nodes (default 1)',
  },
  {
    name: 'snapshot-after-ops',
    kind: 'int',
    arg: '<n>',
    help: 'send a snapshot to a follower further behind than this (default 1000)',
  },
  {
    name: 'apply-delay-ms',
    kind: 'string',
    arg: '<spec>',
    help: [
      'delayed replica: as a follower, apply each entry only this long after',
      'the leader took it (own clock); <ms> for every node, or per node:',
      'n3=800 or n2=200,n3=800 (others 0). Same flag on every node. (default 0)',
    ].join('\n'),
  },
  bugFlag(Object.keys(BUGS)),
];

/** This node's apply delay from the --apply-delay-ms spec, which must name only known nodes. */
function resolveApplyDelay(raw: string, self: string, nodes: readonly string[]): number {
  try {
    const spec = parseApplyDelay(raw);
    const unknown = unknownDelayNodes(spec, nodes);
    if (unknown.length > 0)
      fail(`--apply-delay-ms names ${unknown.join(', ')}, not a node; known: ${nodes.join(', ')}`);
    return applyDelayFor(spec, self);
  } catch (err) {
    if (err instanceof StoreOptionsError) throw err;
    return fail((err as Error).message);
  }
}

function replicationOf(
  f: FlagReader,
  followers: number,
): Pick<NodeConfig, 'replication' | 'syncFollowers'> {
  const replication = f.oneOf<SyncMode>(
    'replication',
    ['async', 'sync', 'semi-sync'],
    DEFAULTS.replication,
  );
  const syncFollowers = f.int('sync-followers', 1, DEFAULTS.syncFollowers);
  if (f.has('sync-followers') && replication !== 'semi-sync')
    fail(
      `--sync-followers applies only to --replication semi-sync (got --replication ${replication})`,
    );
  if (replication === 'semi-sync' && syncFollowers > followers)
    fail(
      `--sync-followers ${syncFollowers} exceeds the ${followers} follower(s); give at most ${followers} or add --peer nodes`,
    );
  return { replication, syncFollowers };
}

function failoverOf(
  f: FlagReader,
): Pick<NodeConfig, 'failoverTimeoutMs' | 'heartbeatMs' | 'unsafeFailover'> {
  const failoverTimeoutMs = f.int('failover-timeout-ms', 0, DEFAULTS.failoverTimeoutMs);
  const heartbeatMs = f.int('heartbeat-ms', 1, DEFAULTS.heartbeatMs);
  if (failoverTimeoutMs > 0 && failoverTimeoutMs < 3 * heartbeatMs)
    fail(
      `--failover-timeout-ms ${failoverTimeoutMs} must be at least 3 x --heartbeat-ms (${3 * heartbeatMs}) or 0 to disable failover`,
    );
  const unsafeFailover = f.bool('unsafe-failover');
  if (unsafeFailover && failoverTimeoutMs === 0)
    fail('--unsafe-failover needs failover enabled: add --failover-timeout-ms <ms>');
  return { failoverTimeoutMs, heartbeatMs, unsafeFailover };
}

export function parseOptions(f: FlagReader, { self, nodes }: ClusterIds): NodeConfig {
  const leader = f.str('leader', nodes[0]);
  if (!nodes.includes(leader)) fail(`--leader ${leader} is not a node; known: ${nodes.join(', ')}`);
  const shards = f.int('shards', 1, DEFAULTS.shards);
  if (shards > 1024) fail(`--shards must be at most 1024, got ${shards}`);
  return {
    self,
    nodes,
    leader,
    ...replicationOf(f, nodes.length - 1),
    logFormat: f.oneOf<LogFormat>('log-format', ['row', 'statement'], DEFAULTS.logFormat),
    ...failoverOf(f),
    writeTimeoutMs: f.int('write-timeout-ms', 1, DEFAULTS.writeTimeoutMs),
    snapshotAfterOps: f.int('snapshot-after-ops', 1, DEFAULTS.snapshotAfterOps),
    maxBatchOps: DEFAULTS.maxBatchOps,
    applyDelayMs: resolveApplyDelay(f.str('apply-delay-ms', '0'), self, nodes),
    shards,
    bug: bugOf<BugName>(f, BUGS),
  };
}

/** The options in one line, for the node's start log. */
export function describe(c: NodeConfig): string {
  return `replication ${c.replication} log-format ${c.logFormat} shards ${c.shards} failover-timeout-ms ${c.failoverTimeoutMs}${c.unsafeFailover ? ' (unsafe)' : ''}`;
}

/**
 * Semi-sync acknowledges a write held by the leader and k followers; with
 * failover, a new leader is elected by a majority that need not include any
 * of them unless k + 1 is a majority, so an acknowledged write can be lost.
 */
export function warnings(c: NodeConfig): string[] {
  const held = c.syncFollowers + 1;
  const needed = majority(c.nodes.length);
  if (c.replication !== 'semi-sync' || c.failoverTimeoutMs === 0 || held >= needed) return [];
  return [
    `--replication semi-sync --sync-followers ${c.syncFollowers} with failover on ${c.nodes.length} nodes can lose acknowledged writes: a write is acknowledged once ${held} nodes hold it, fewer than a majority (${needed}), so an election can pick a leader without it; give --sync-followers ${needed - 1} or more, or --replication sync`,
  ];
}
