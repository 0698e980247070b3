// The flags of --system mariadb and --system galera, declared once as option
// specs (core/option.ts) and read back here. Galera is MariaDB with the wsrep
// provider, so the SQL the clients send (--mariadb-functions, --mariadb-
// write-to) means the same on both: those two specs are shared by both
// descriptors; replication flags belong to one.
import { UsageError } from '../../core/errors.ts';
import { oneOf, type OptionSpec, type OptionValues } from '../../core/option.ts';

export const TOPOLOGIES = ['circular', 'all-to-all'] as const;
export type Topology = (typeof TOPOLOGIES)[number];
export const BINLOG_FORMATS = ['statement', 'row', 'mixed'] as const;
export type BinlogFormat = (typeof BINLOG_FORMATS)[number];
/** Nondeterministic SQL functions a write can store beside its version. */
export const SQL_FUNCTIONS = ['uuid', 'sysdate', 'now', 'rand'] as const;
export type SqlFunction = (typeof SQL_FUNCTIONS)[number];
/** sticky: a session writes to its own node; any: each write to a node drawn at random. */
const WRITE_TO = ['sticky', 'any'] as const;
type WriteTo = (typeof WRITE_TO)[number];
/** sticky: the session's own node (where it writes); any; others: any node but its own. */
export const MULTI_PRIMARY_READS = ['sticky', 'any', 'others'] as const;
/** Every node takes writes, so whether the replicas end up alike matters as much as the sessions. */
export const MULTI_PRIMARY_CHECKERS = ['convergence'] as const;

/** "uuid,now" → ["uuid", "now"]; "none" → []. */
export function parseFunctions(v: unknown): SqlFunction[] {
  const text = typeof v === 'string' ? v.trim() : '';
  if (text === 'none') return [];
  const names = text.split(',').map((s) => s.trim());
  const bad = names.filter((n) => !(SQL_FUNCTIONS as readonly string[]).includes(n));
  if (text === '' || bad.length > 0)
    throw new UsageError(
      `--mariadb-functions takes a comma-separated list of ${SQL_FUNCTIONS.join(', ')}, or none; got ${JSON.stringify(v)}`,
    );
  return [...new Set(names as SqlFunction[])];
}

/** --mariadb-topology and --binlog-format: how the primaries of --system mariadb replicate. */
export const REPLICATION_OPTIONS: readonly OptionSpec[] = [
  {
    flag: 'mariadb-topology',
    group: 'systems',
    type: 'string',
    default: 'circular',
    describe: `mariadb: who replicates from whom (${TOPOLOGIES.join(', ')})`,
    parse: oneOf('mariadb-topology', TOPOLOGIES),
  },
  {
    flag: 'binlog-format',
    group: 'systems',
    type: 'string',
    default: 'mixed',
    describe: `mariadb: binlog_format (${BINLOG_FORMATS.join(', ')}); MariaDB's default is mixed, Galera replicates row events only`,
    parse: oneOf('binlog-format', BINLOG_FORMATS),
  },
];

/** --mariadb-functions and --mariadb-write-to: what a write sends, and where; both systems take them. */
export const SQL_OPTIONS: readonly OptionSpec[] = [
  {
    flag: 'mariadb-functions',
    group: 'systems',
    type: 'string',
    default: SQL_FUNCTIONS.join(','),
    describe: `mariadb, galera: SQL functions each write stores beside its version, comma-separated (${SQL_FUNCTIONS.join(', ')}) or none`,
    parse: (v) => {
      const list = parseFunctions(v);
      return list.length === 0 ? 'none' : list.join(',');
    },
  },
  {
    flag: 'mariadb-write-to',
    group: 'systems',
    type: 'string',
    default: 'sticky',
    describe: `mariadb, galera: where a session writes (${WRITE_TO.join(', ')})`,
    parse: oneOf('mariadb-write-to', WRITE_TO),
  },
];

/** --galera-sync-wait: wsrep_sync_wait of every Galera session. */
export const SYNC_WAIT_OPTION: OptionSpec = {
  flag: 'galera-sync-wait',
  group: 'systems',
  type: 'number',
  default: 0,
  describe:
    'galera: wsrep_sync_wait of every session (0: reads answer from the node as it is; 1: reads wait until the node applied all the cluster committed; up to 15, a bitmask)',
  parse: (v) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 15)
      throw new UsageError(
        `--galera-sync-wait must be a whole number from 0 to 15 (wsrep_sync_wait's bitmask; 1 makes reads wait), got ${JSON.stringify(v)}`,
      );
    return v;
  },
};

export interface SqlClientOptions {
  readonly functions: readonly SqlFunction[];
  readonly writeTo: WriteTo;
  /** wsrep_sync_wait of each session (Galera); absent: the server's default. */
  readonly syncWait?: number;
}

export interface MariadbOptions {
  readonly topology: Topology;
  readonly binlogFormat: BinlogFormat;
}

/** The client options of a run's resolved system options (defaults already in). */
export function sqlClientOptions(o: OptionValues): SqlClientOptions {
  return {
    functions: parseFunctions(o.mariadbFunctions ?? SQL_FUNCTIONS.join(',')),
    writeTo: (o.mariadbWriteTo as WriteTo | undefined) ?? 'sticky',
    ...(o.galeraSyncWait !== undefined ? { syncWait: Number(o.galeraSyncWait) } : {}),
  };
}

/** The replication options of --system mariadb (defaults already in). */
export function mariadbOptions(o: OptionValues): MariadbOptions {
  return {
    topology: (o.mariadbTopology as Topology | undefined) ?? 'circular',
    binlogFormat: (o.binlogFormat as BinlogFormat | undefined) ?? 'mixed',
  };
}
