// Command-line flags of a store node: parsed and validated once, here. Every
// problem is a StoreOptionsError naming the flag, what was wrong and the fix.
import { CORE_DEFAULTS, type LogFormat, type NodeConfig, type ReplicationMode } from './config.ts';
import { sortNodeIds } from './values.ts';
import { applyDelayFor, parseApplyDelay, unknownDelayNodes } from './apply-delay.ts';

export class StoreOptionsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreOptionsError';
  }
}

export interface PeerAddress {
  readonly id: string;
  readonly host: string;
  readonly port: number;
}

export interface StoreOptions {
  readonly id: string;
  readonly host: string;
  readonly clientPort: number;
  readonly peerPort: number;
  readonly peers: readonly PeerAddress[];
  readonly dataDir: string;
  /** Seed for statement evaluation and election jitter; random when absent. */
  readonly seed: number | undefined;
  readonly core: NodeConfig;
}

export const STORE_USAGE = `splitbrain store — one node of the reference replicated key-value store

Required:
  --id <id>                    this node's id, e.g. n1
  --client-port <port>         HTTP client API port
  --peer-port <port>           port other nodes dial for replication
  --data-dir <dir>             where the node's data file lives (created if missing)
Optional:
  --host <addr>                listen address (default 127.0.0.1)
  --peer <id>=<host>:<port>    another node and where to dial it (repeat per peer)
  --leader <id>                leader of shard 0 at first boot (default: lowest id)
  --replication <mode>         async | sync | semi-sync (default async)
  --sync-followers <k>         semi-sync: followers that must hold a write (default 1)
  --log-format <fmt>           row | statement (default row)
  --failover-timeout-ms <ms>   elect a new leader after this much leader silence (default 0: never)
  --unsafe-failover            elect without a majority and never fence an old leader (split brain)
  --heartbeat-ms <ms>          leader heartbeat / retransmit period (default 100)
  --write-timeout-ms <ms>      answer "timeout" if a write is not acknowledged by then (default 2000)
  --shards <n>                 hash keys into n shards, leaders spread over nodes (default 1)
  --snapshot-after-ops <n>     send a snapshot to a follower further behind than this (default 1000)
  --apply-delay-ms <spec>      delayed replica: as a follower, apply each entry only this long after
                               the leader took it (own clock); <ms> for every node, or per node:
                               n3=800 or n2=200,n3=800 (others 0). Same flag on every node. (default 0)
  --seed <n>                   seed for nondeterministic statements and election jitter
  --help                       print this text
`;

type Kind = 'string' | 'int' | 'bool' | 'list';
const FLAGS: Record<string, Kind> = {
  id: 'string',
  host: 'string',
  'client-port': 'int',
  'peer-port': 'int',
  peer: 'list',
  'data-dir': 'string',
  leader: 'string',
  replication: 'string',
  'sync-followers': 'int',
  'log-format': 'string',
  'failover-timeout-ms': 'int',
  'unsafe-failover': 'bool',
  'heartbeat-ms': 'int',
  'write-timeout-ms': 'int',
  shards: 'int',
  'snapshot-after-ops': 'int',
  'apply-delay-ms': 'string',
  seed: 'int',
  help: 'bool',
};

const fail = (msg: string): never => {
  throw new StoreOptionsError(msg);
};

/** Splits argv into flag values; `--flag value` and `--flag=value` both work. */
function scan(argv: readonly string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--'))
      fail(`unexpected argument "${arg}": every option is a --flag (see --help)`);
    const eq = arg.indexOf('=');
    const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
    const kind = FLAGS[name];
    if (!kind)
      fail(
        `unknown flag --${name}; valid flags: ${Object.keys(FLAGS)
          .map((f) => `--${f}`)
          .join(' ')}`,
      );
    let value: string;
    if (eq >= 0) value = arg.slice(eq + 1);
    else if (kind === 'bool') value = 'true';
    else {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) fail(`--${name} needs a value (see --help)`);
      value = next!;
      i++;
    }
    const list = out.get(name) ?? [];
    if (kind !== 'list' && list.length > 0) fail(`--${name} given twice; give it once`);
    list.push(value);
    out.set(name, list);
  }
  return out;
}

function int(flags: Map<string, string[]>, name: string, min: number, dflt?: number): number {
  const raw = flags.get(name)?.[0];
  if (raw === undefined) {
    if (dflt === undefined) return fail(`--${name} is required (see --help)`);
    return dflt;
  }
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) fail(`--${name} must be an integer >= ${min}, got "${raw}"`);
  return n;
}

function str(flags: Map<string, string[]>, name: string, dflt?: string): string {
  const raw = flags.get(name)?.[0];
  if (raw === undefined || raw === '') {
    if (dflt === undefined) return fail(`--${name} is required (see --help)`);
    return dflt;
  }
  return raw;
}

function oneOf<T extends string>(
  flags: Map<string, string[]>,
  name: string,
  allowed: readonly T[],
  dflt: T,
): T {
  const v = str(flags, name, dflt);
  if (!(allowed as readonly string[]).includes(v))
    fail(`--${name} must be one of ${allowed.join(', ')}, got "${v}"`);
  return v as T;
}

function port(flags: Map<string, string[]>, name: string): number {
  const p = int(flags, name, 1);
  if (p > 65535) fail(`--${name} must be a TCP port (1-65535), got ${p}`);
  return p;
}

function parsePeer(spec: string): PeerAddress {
  const m = /^([A-Za-z0-9_.-]+)=(.+):(\d+)$/.exec(spec);
  if (!m) return fail(`--peer must look like n2=127.0.0.1:17002, got "${spec}"`);
  const p = Number(m[3]);
  if (p < 1 || p > 65535) fail(`--peer ${spec}: port must be 1-65535`);
  return { id: m[1]!, host: m[2]!, port: p };
}

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

/** Whether argv asks for help (then print STORE_USAGE and exit 0). */
export function wantsHelp(argv: readonly string[]): boolean {
  return argv.includes('--help') || argv.includes('-h');
}

export function parseStoreOptions(argv: readonly string[]): StoreOptions {
  const f = scan(argv);
  const id = str(f, 'id');
  if (!/^[A-Za-z0-9_.-]+$/.test(id))
    fail(`--id must be letters, digits, "_", "." or "-", got "${id}"`);
  const peers = (f.get('peer') ?? []).map(parsePeer);
  const ids = [id, ...peers.map((p) => p.id)];
  const dup = ids.find((x, i) => ids.indexOf(x) !== i);
  if (dup) fail(`node id "${dup}" appears twice among --id and --peer; give each node once`);
  const nodes = sortNodeIds(ids);
  const leader = str(f, 'leader', nodes[0]);
  if (!nodes.includes(leader)) fail(`--leader ${leader} is not a node; known: ${nodes.join(', ')}`);
  const replication = oneOf<ReplicationMode>(
    f,
    'replication',
    ['async', 'sync', 'semi-sync'],
    CORE_DEFAULTS.replication,
  );
  const syncFollowers = int(f, 'sync-followers', 1, CORE_DEFAULTS.syncFollowers);
  if (f.has('sync-followers') && replication !== 'semi-sync') {
    fail(
      `--sync-followers applies only to --replication semi-sync (got --replication ${replication})`,
    );
  }
  if (replication === 'semi-sync' && syncFollowers > nodes.length - 1) {
    fail(
      `--sync-followers ${syncFollowers} exceeds the ${nodes.length - 1} follower(s); give at most ${nodes.length - 1} or add --peer nodes`,
    );
  }
  const failoverTimeoutMs = int(f, 'failover-timeout-ms', 0, CORE_DEFAULTS.failoverTimeoutMs);
  const heartbeatMs = int(f, 'heartbeat-ms', 1, CORE_DEFAULTS.heartbeatMs);
  if (failoverTimeoutMs > 0 && failoverTimeoutMs < 3 * heartbeatMs) {
    fail(
      `--failover-timeout-ms ${failoverTimeoutMs} must be at least 3 x --heartbeat-ms (${3 * heartbeatMs}) or 0 to disable failover`,
    );
  }
  const unsafeFailover = f.has('unsafe-failover') && str(f, 'unsafe-failover') !== 'false';
  if (unsafeFailover && failoverTimeoutMs === 0) {
    fail('--unsafe-failover needs failover enabled: add --failover-timeout-ms <ms>');
  }
  const shards = int(f, 'shards', 1, CORE_DEFAULTS.shards);
  if (shards > 1024) fail(`--shards must be at most 1024, got ${shards}`);
  const applyDelayMs = resolveApplyDelay(str(f, 'apply-delay-ms', '0'), id, nodes);
  const core: NodeConfig = {
    self: id,
    nodes,
    leader,
    replication,
    syncFollowers,
    logFormat: oneOf<LogFormat>(f, 'log-format', ['row', 'statement'], CORE_DEFAULTS.logFormat),
    failoverTimeoutMs,
    unsafeFailover,
    heartbeatMs,
    writeTimeoutMs: int(f, 'write-timeout-ms', 1, CORE_DEFAULTS.writeTimeoutMs),
    snapshotAfterOps: int(f, 'snapshot-after-ops', 1, CORE_DEFAULTS.snapshotAfterOps),
    maxBatchOps: CORE_DEFAULTS.maxBatchOps,
    applyDelayMs,
    shards,
  };
  const clientPort = port(f, 'client-port');
  const peerPort = port(f, 'peer-port');
  if (clientPort === peerPort)
    fail(`--client-port and --peer-port must differ (both ${clientPort})`);
  return {
    id,
    host: str(f, 'host', '127.0.0.1'),
    clientPort,
    peerPort,
    peers,
    dataDir: str(f, 'data-dir'),
    seed: f.has('seed') ? int(f, 'seed', 0) : undefined,
    core,
  };
}
