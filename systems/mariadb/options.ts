// The flags of --system mariadb and --system galera: declared, validated and
// read back here, so the harness only loops over FLAGS. Galera is MariaDB
// with the wsrep provider, so the SQL the clients send (--mariadb-functions,
// --mariadb-write-to) means the same on both; replication flags belong to one.
import { UsageError } from '../../core/errors.ts';

export const TOPOLOGIES = ['circular', 'all-to-all'] as const;
export type Topology = (typeof TOPOLOGIES)[number];
export const BINLOG_FORMATS = ['statement', 'row', 'mixed'] as const;
export type BinlogFormat = (typeof BINLOG_FORMATS)[number];
/** Nondeterministic SQL functions a write can store beside its version. */
export const SQL_FUNCTIONS = ['uuid', 'sysdate', 'now', 'rand'] as const;
export type SqlFunction = (typeof SQL_FUNCTIONS)[number];
/** sticky: a session writes to its own node; any: each write to a node drawn at random. */
export const WRITE_TO = ['sticky', 'any'] as const;
export type WriteTo = (typeof WRITE_TO)[number];
/** sticky: the session's own node (where it writes); any; others: any node but its own. */
export const MULTI_PRIMARY_READS = ['sticky', 'any', 'others'] as const;

export interface SystemFlag {
  /** As typed: --mariadb-topology. */
  readonly flag: string;
  /** As kept in RunConfig.target and config.json. */
  readonly key: string;
  readonly type: 'string' | 'number';
  readonly describe: string;
  /** The systems that take it. */
  readonly systems: readonly string[];
}

export const FLAGS: readonly SystemFlag[] = [
  {
    flag: 'mariadb-topology',
    key: 'mariadbTopology',
    type: 'string',
    describe: `mariadb: who replicates from whom (${TOPOLOGIES.join(', ')}) [default: circular]`,
    systems: ['mariadb'],
  },
  {
    flag: 'binlog-format',
    key: 'binlogFormat',
    type: 'string',
    describe: `mariadb: binlog_format (${BINLOG_FORMATS.join(', ')}) [default: mixed, as MariaDB]`,
    systems: ['mariadb'],
  },
  {
    flag: 'mariadb-functions',
    key: 'mariadbFunctions',
    type: 'string',
    describe: `mariadb, galera: SQL functions each write stores beside its version, comma-separated (${SQL_FUNCTIONS.join(', ')}) or none [default: all four]`,
    systems: ['mariadb', 'galera'],
  },
  {
    flag: 'mariadb-write-to',
    key: 'mariadbWriteTo',
    type: 'string',
    describe: `mariadb, galera: where a session writes (${WRITE_TO.join(', ')}) [default: sticky]`,
    systems: ['mariadb', 'galera'],
  },
  {
    flag: 'galera-sync-wait',
    key: 'galeraSyncWait',
    type: 'number',
    describe:
      'galera: wsrep_sync_wait of every session (0: reads answer from the node as it is; 1: reads wait until the node applied all the cluster committed; up to 15, a bitmask) [default: 0]',
    systems: ['galera'],
  },
];

function choice<T extends string>(flag: string, v: unknown, allowed: readonly T[]): T {
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v))
    throw new UsageError(
      `--${flag} must be one of ${allowed.join(', ')}, got ${JSON.stringify(v)}`,
    );
  return v as T;
}

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

function checkValue(f: SystemFlag, v: unknown): string | number {
  switch (f.key) {
    case 'mariadbTopology':
      return choice(f.flag, v, TOPOLOGIES);
    case 'binlogFormat':
      return choice(f.flag, v, BINLOG_FORMATS);
    case 'mariadbFunctions': {
      const list = parseFunctions(v);
      return list.length === 0 ? 'none' : list.join(',');
    }
    case 'mariadbWriteTo':
      return choice(f.flag, v, WRITE_TO);
    default:
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 15)
        throw new UsageError(
          `--${f.flag} must be a whole number from 0 to 15 (wsrep_sync_wait's bitmask; 1 makes reads wait), got ${JSON.stringify(v)}`,
        );
      return v;
  }
}

/** The given flags, checked against the system; keyed as RunConfig.target keeps them. */
export function resolveFlags(
  raw: Readonly<Record<string, unknown>>,
  system: string,
): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const f of FLAGS) {
    const v = raw[f.key];
    if (v === undefined) continue;
    if (!f.systems.includes(system)) {
      const why =
        f.key === 'binlogFormat' && system === 'galera'
          ? ': Galera replicates row events only (wsrep needs binlog_format=ROW)'
          : '';
      throw new UsageError(
        `--${f.flag} is an option of --system ${f.systems.join(' or ')}, not of --system ${system}${why}; drop it`,
      );
    }
    out[f.key] = checkValue(f, v);
  }
  return out;
}

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

type Target = Readonly<Record<string, string | number>>;

/** The client options a run's target options give, defaults filled in. */
export function sqlClientOptions(t: Target, system: string): SqlClientOptions {
  return {
    functions:
      t.mariadbFunctions === undefined ? [...SQL_FUNCTIONS] : parseFunctions(t.mariadbFunctions),
    writeTo: (t.mariadbWriteTo as WriteTo | undefined) ?? 'sticky',
    ...(system === 'galera' ? { syncWait: Number(t.galeraSyncWait ?? 0) } : {}),
  };
}

/** The replication options of --system mariadb, defaults filled in. */
export function mariadbOptions(t: Target): MariadbOptions {
  return {
    topology: (t.mariadbTopology as Topology | undefined) ?? 'circular',
    binlogFormat: (t.binlogFormat as BinlogFormat | undefined) ?? 'mixed',
  };
}
