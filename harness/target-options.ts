// --system and the options of the systems under test other than our store
// (declared in each system's descriptor, systems/<name>/index.ts), and the
// external backend's fault hooks: validated and turned back into flags (for
// the repeat command) here, beside config.ts.
import type { Argv } from 'yargs';
import { UsageError } from '../core/errors.ts';
import { keyOf, kebabCase, parseOption, type OptionValue } from '../core/option.ts';
import {
  HOOK_KINDS,
  HOOK_OPTIONS,
  externalNodeList,
  parseHook,
  type HookKind,
} from '../external/options.ts';
import { SYSTEMS, systemNamed } from '../systems/index.ts';
import { yargsOptions } from './options.ts';
import { shellWord } from './shell-word.ts';

export interface TargetOptions {
  readonly system: string;
  /** Node addresses of an external cluster (--nodes host:port,...); empty otherwise. */
  readonly externalNodes: readonly string[];
  /** The chosen system's own options as given (--redis-*, --pg-*, --etcd-*), by key. */
  readonly target: Readonly<Record<string, string | number>>;
  /** Fault kind → argv template (no shell). */
  readonly hooks: Readonly<Partial<Record<HookKind, readonly string[]>>>;
}

/** Systems whose options live here; the store's are run options (config.ts). */
const TARGETS = SYSTEMS.filter((s) => s.name !== 'store');

export function targetRunOptions<T>(y: Argv<T>) {
  const withSystem = y.option('system', {
    type: 'string',
    default: 'store',
    describe: `system under test: ${SYSTEMS.map((s) => s.name).join(', ')} (real servers from Debian's packages)`,
  });
  return yargsOptions(withSystem, [...TARGETS.flatMap((s) => s.options), ...HOOK_OPTIONS]);
}

/** The options given for any target system; one that is not the chosen system's is an error. */
function givenTargetOptions(
  raw: Readonly<Record<string, unknown>>,
  system: string,
): Record<string, OptionValue> {
  const given: Record<string, OptionValue> = {};
  for (const s of TARGETS) {
    for (const spec of s.options) {
      const v = raw[keyOf(spec)];
      if (v === undefined) continue;
      const value = parseOption(spec, v);
      if (s.name !== system)
        throw new UsageError(
          `--${spec.flag} is an option of ${s.title} and needs --system ${s.name}, got --system ${system}`,
        );
      given[keyOf(spec)] = value;
    }
  }
  return given;
}

export function resolveTargetOptions(raw: Readonly<Record<string, unknown>>): TargetOptions {
  const system = systemNamed(String(raw.system ?? 'store'));
  const given = givenTargetOptions(raw, system.name);
  const kept = system.resolve
    ? system.resolve({
        backend: String(raw.backend ?? 'local'),
        workload: String(raw.workload ?? 'kv'),
        readFrom: String(raw.readFrom ?? 'any'),
        nodeCount: 0,
        options: given,
      })
    : given;
  const target: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(kept)) if (typeof v !== 'boolean') target[k] = v;
  const hooks: Partial<Record<HookKind, string[]>> = {};
  for (const kind of HOOK_KINDS) {
    const v = raw[`hook${kind[0]!.toUpperCase()}${kind.slice(1)}`];
    if (v !== undefined) hooks[kind] = parseHook(kind, v);
  }
  return { system: system.name, externalNodes: externalNodeList(raw.nodes) ?? [], target, hooks };
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
