// Options for real target systems (--system redis|postgres|etcd) and for the
// external backend's fault hooks: defined, validated and turned back into
// flags (for the repeat command) in one place, beside config.ts.
import type { Argv } from 'yargs';
import { UsageError } from '../core/errors.ts';
import {
  FLAGS as MARIADB_FLAGS,
  resolveFlags as resolveMariadbFlags,
} from '../systems/mariadb/options.ts';
import { kebabCase } from './flag-case.ts';
import { shellWord } from './shell-word.ts';

export const SYSTEMS = ['store', 'redis', 'postgres', 'etcd', 'mariadb', 'galera'] as const;
export const SYNC_COMMIT_LEVELS = ['off', 'local', 'on', 'remote_write', 'remote_apply'] as const;
export const ETCD_READ_MODES = ['linearizable', 'serializable'] as const;
/** Fault hooks an external cluster may be given, one command template each. */
export const HOOK_KINDS = [
  'kill',
  'start',
  'stop',
  'pause',
  'resume',
  'partition',
  'heal',
  'clock',
] as const;
export type HookKind = (typeof HOOK_KINDS)[number];

/** Sentinels that --redis-sentinel starts: the fewest that survive the loss of one. */
export const DEFAULT_SENTINELS = 3;

export interface TargetOptions {
  readonly system: string;
  /** Node addresses of an external cluster (--nodes host:port,...); empty otherwise. */
  readonly externalNodes: readonly string[];
  /** System options: redisWait, redisWaitTimeoutMs, pgSyncCommit, pgSyncStandbys, pgApplyDelayMs, etcdRead. */
  readonly target: Readonly<Record<string, string | number>>;
  /** Fault kind → argv template (no shell). */
  readonly hooks: Readonly<Partial<Record<HookKind, readonly string[]>>>;
}

const NUMERIC: Record<string, { flag: string; min: number; max: number }> = {
  redisWait: { flag: 'redis-wait', min: 0, max: 100 },
  redisWaitTimeoutMs: { flag: 'redis-wait-timeout-ms', min: 0, max: 600_000 },
  redisSentinels: { flag: 'redis-sentinels', min: 0, max: 9 },
  pgSyncStandbys: { flag: 'pg-sync-standbys', min: 0, max: 100 },
  pgApplyDelayMs: { flag: 'pg-apply-delay-ms', min: 0, max: 600_000 },
};

export function targetRunOptions<T>(y: Argv<T>) {
  let out = y
    .option('system', {
      type: 'string',
      default: 'store',
      describe: `system under test: ${SYSTEMS.join(', ')} (real servers from Debian's packages)`,
    })
    .option('redis-wait', {
      type: 'number',
      describe: 'redis: WAIT for this many replicas after each write',
    })
    .option('redis-wait-timeout-ms', {
      type: 'number',
      describe: 'redis: WAIT timeout [default: 100]',
    })
    .option('redis-sentinel', {
      type: 'boolean',
      describe: `redis: Sentinel fails over (${DEFAULT_SENTINELS} sentinels; --redis-sentinels n for another count)`,
    })
    .option('redis-sentinels', {
      type: 'number',
      describe: 'redis: this many Sentinel processes, quorum a majority (0: no Sentinel)',
    })
    .option('pg-sync-commit', {
      type: 'string',
      describe: `postgres: synchronous_commit (${SYNC_COMMIT_LEVELS.join(', ')}) [default: on]`,
    })
    .option('pg-sync-standbys', {
      type: 'number',
      describe: 'postgres: standbys a commit waits for (ANY k) [default: all]',
    })
    .option('pg-apply-delay-ms', {
      type: 'number',
      describe: "postgres: standbys' recovery_min_apply_delay (a slow standby)",
    })
    .option('etcd-read', {
      type: 'string',
      describe: 'etcd: linearizable or serializable reads [default: linearizable]',
    });
  for (const f of MARIADB_FLAGS) out = out.option(f.flag, { type: f.type, describe: f.describe });
  for (const kind of HOOK_KINDS) {
    out = out.option(`hook-${kind}`, {
      type: 'string',
      describe: `external backend: command run per node for ${kind}, a JSON array like '["ssh","{host}","..."]' (no shell; {node} {host} {port}${kind === 'partition' ? ' {drops}' : kind === 'clock' ? ' {offsetMs}' : ''})`,
    });
  }
  return out;
}

/** A hook template: a JSON array of strings, or words split on spaces (never a shell). */
export function parseHook(kind: string, v: unknown): string[] {
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
  if (typeof v !== 'string' || v.trim() === '')
    throw new UsageError(
      `--hook-${kind} must be a command, e.g. '["ssh","{host}","sudo","pkill","-9","redis"]'`,
    );
  if (v.trim().startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(v);
    } catch (err) {
      throw new UsageError(`--hook-${kind} is not a valid JSON array: ${(err as Error).message}`);
    }
    if (
      !Array.isArray(parsed) ||
      parsed.length === 0 ||
      !parsed.every((x) => typeof x === 'string')
    )
      throw new UsageError(`--hook-${kind} must be a non-empty JSON array of strings, got ${v}`);
    return parsed as string[];
  }
  return v.trim().split(/\s+/);
}

/** "h1:7000,h2:7000" → addresses; null when the value is a plain node count. */
export function externalNodeList(v: unknown): string[] | null {
  if (typeof v !== 'string' || !v.includes(':')) return null;
  const list = v
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  for (const a of list) {
    if (!/^[^\s:]+:\d{1,5}$/.test(a))
      throw new UsageError(
        `--nodes must be a count or host:port,... ; ${JSON.stringify(a)} is not host:port`,
      );
  }
  return list;
}

export function resolveTargetOptions(raw: Readonly<Record<string, unknown>>): TargetOptions {
  const system = String(raw.system ?? 'store');
  if (!(SYSTEMS as readonly string[]).includes(system))
    throw new UsageError(
      `--system must be one of ${SYSTEMS.join(', ')}, got ${JSON.stringify(system)}`,
    );
  const target: Record<string, string | number> = {};
  for (const [k, spec] of Object.entries(NUMERIC)) {
    const v = raw[k];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < spec.min || v > spec.max)
      throw new UsageError(
        `--${spec.flag} must be a whole number from ${spec.min} to ${spec.max}, got ${JSON.stringify(v)}`,
      );
    target[k] = v;
  }
  const choice = (k: string, flag: string, allowed: readonly string[]) => {
    const v = raw[k];
    if (v === undefined) return;
    if (typeof v !== 'string' || !allowed.includes(v))
      throw new UsageError(
        `--${flag} must be one of ${allowed.join(', ')}, got ${JSON.stringify(v)}`,
      );
    target[k] = v;
  };
  sentinelOption(raw, system, target);
  choice('pgSyncCommit', 'pg-sync-commit', SYNC_COMMIT_LEVELS);
  choice('etcdRead', 'etcd-read', ETCD_READ_MODES);
  Object.assign(target, resolveMariadbFlags(raw, system));
  const hooks: Partial<Record<HookKind, string[]>> = {};
  for (const kind of HOOK_KINDS) {
    const v = raw[`hook${kind[0]!.toUpperCase()}${kind.slice(1)}`];
    if (v !== undefined) hooks[kind] = parseHook(kind, v);
  }
  return { system, externalNodes: externalNodeList(raw.nodes) ?? [], target, hooks };
}

/** --redis-sentinel is --redis-sentinels 3; kept as the count alone, and only where Redis runs locally. */
function sentinelOption(
  raw: Readonly<Record<string, unknown>>,
  system: string,
  target: Record<string, string | number>,
): void {
  const on = raw.redisSentinel;
  if (on !== undefined && typeof on !== 'boolean')
    throw new UsageError(`--redis-sentinel takes no value, got ${JSON.stringify(on)}`);
  if (on === true && target.redisSentinels === 0)
    throw new UsageError('--redis-sentinel asks for Sentinel but --redis-sentinels is 0: drop one');
  if (on === true && target.redisSentinels === undefined) target.redisSentinels = DEFAULT_SENTINELS;
  if (target.redisSentinels === 0) delete target.redisSentinels;
  if (target.redisSentinels === undefined) return;
  if (system !== 'redis')
    throw new UsageError(`--redis-sentinel(s) needs --system redis, got --system ${system}`);
  if (raw.backend === 'external')
    throw new UsageError(
      '--redis-sentinel(s) starts local sentinels; with --backend external drop it (run your own Sentinel)',
    );
}

/** The flags that give these options again, for the repeat command. */
export function targetArgs(t: Partial<TargetOptions>): string[] {
  const out: string[] = [];
  if (t.system !== undefined && t.system !== 'store') out.push(`--system ${t.system}`);
  for (const [k, v] of Object.entries(t.target ?? {})) out.push(`--${kebabCase(k)} ${v}`);
  for (const [k, v] of Object.entries(t.hooks ?? {}))
    out.push(`--hook-${k} ${shellWord(JSON.stringify(v))}`);
  return out;
}
