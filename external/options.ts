// The external backend's flags, declared once: the nodes someone else runs
// (--nodes host:port,...) and one control hook per fault step (--hook-*), a
// command template run once per node with its arguments passed as an array.
import { UsageError } from '../core/errors.ts';
import type { OptionSpec } from '../core/option.ts';

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

/** Fault kind → argv template (no shell). */
export type Hooks = Readonly<Partial<Record<HookKind, readonly string[]>>>;

const EXTRA_PLACEHOLDER: Partial<Record<HookKind, string>> = {
  partition: ' {drops}',
  clock: ' {offsetMs}',
};

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

/** One --hook-<kind> flag each; the value kept is the template as JSON. */
export const HOOK_OPTIONS: readonly OptionSpec[] = HOOK_KINDS.map((kind) => ({
  flag: `hook-${kind}`,
  group: 'cluster',
  type: 'string',
  describe: `external backend: command run per node for ${kind}, a JSON array like '["ssh","{host}","..."]' (no shell; {node} {host} {port}${EXTRA_PLACEHOLDER[kind] ?? ''})`,
  parse: (v: unknown) => JSON.stringify(parseHook(kind, v)),
}));

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
