// Options declared once (core/option.ts), turned into what each consumer
// needs: yargs options grouped for --help, resolved values (given, else the
// default), and the repeat command's words. Defaults are applied here, not
// by yargs, so a flag the user gave can be told from one left out; --help
// shows them all the same.
import type { Argv, Options } from 'yargs';
import {
  OPTION_GROUPS,
  camelCase,
  keyOf,
  parseOption,
  type OptionGroup,
  type OptionSpec,
  type OptionValue,
} from '../core/option.ts';

const GROUP_TITLES: Readonly<Record<OptionGroup, string>> = {
  run: 'Run:',
  cluster: 'Cluster:',
  faults: 'Faults:',
  checkers: 'Checkers:',
  systems: 'Systems (each flag belongs to the --system its help names):',
  output: 'Output:',
};

/** The --help line: the description, then the default or what stands for it. */
function help(spec: OptionSpec): string {
  const shown = spec.defaultText ?? (spec.default === undefined ? undefined : String(spec.default));
  return shown === undefined ? spec.describe : `${spec.describe} [default: ${shown}]`;
}

/** A numeric word as its number; anything else as typed, so an error can quote it. */
function numberOrText(v: unknown): unknown {
  return typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : v;
}

/**
 * A numeric flag for yargs. Not `type: 'number'`: yargs turns `abc` into NaN
 * before any check sees it, and the error could then only say "got NaN".
 */
export function numberFlag(describe: string): Options {
  return { requiresArg: true, coerce: numberOrText, describe };
}

/** Every spec as a yargs option, listed under its group, groups in OPTION_GROUPS order. */
export function yargsOptions<T>(y: Argv<T>, specs: readonly OptionSpec[]): Argv<T> {
  let out = y;
  for (const spec of specs) {
    const described = help(spec);
    const option =
      spec.type === 'number' ? numberFlag(described) : { type: spec.type, describe: described };
    out = out.option(spec.flag, option) as Argv<T>;
  }
  for (const group of OPTION_GROUPS) {
    const flags = specs.filter((s) => s.group === group).map((s) => s.flag);
    if (flags.length > 0) out = out.group(flags, GROUP_TITLES[group]) as Argv<T>;
  }
  return out;
}

/** The value given for a spec, by its config key or its flag in either spelling, or undefined. */
export function givenValue(raw: Readonly<Record<string, unknown>>, spec: OptionSpec): unknown {
  return raw[keyOf(spec)] ?? raw[camelCase(spec.flag)] ?? raw[spec.flag];
}

/** Each spec's value: the given one validated, else its default; absent when neither. */
export function resolveOptions(
  raw: Readonly<Record<string, unknown>>,
  specs: readonly OptionSpec[],
): Record<string, OptionValue> {
  const out: Record<string, OptionValue> = {};
  for (const spec of specs) {
    const given = givenValue(raw, spec);
    if (given !== undefined) out[keyOf(spec)] = parseOption(spec, given);
    else if (spec.default !== undefined) out[keyOf(spec)] = spec.default;
  }
  return out;
}

/** The flags that give these values again, as argv words in spec order (the caller quotes them). */
export function repeatWords(
  specs: readonly OptionSpec[],
  values: Readonly<Record<string, OptionValue | undefined>>,
): string[] {
  const out: string[] = [];
  for (const spec of specs) {
    const v = values[keyOf(spec)];
    const repeat = spec.repeat ?? 'changed';
    if (v === undefined || repeat === 'never') continue;
    if (repeat === 'changed' && v === spec.default) continue;
    if (v === true) out.push(`--${spec.flag}`);
    else if (v === false) out.push(`--no-${spec.flag}`);
    else out.push(`--${spec.flag}`, String(v));
  }
  return out;
}

/** "a,b, c" → ["a","b","c"]; "none" or "" → []. */
export function csv(v: unknown): string[] {
  if (Array.isArray(v)) return v.flatMap(csv);
  if (typeof v !== 'string') return [];
  const parts = v
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  return parts.length === 1 && parts[0] === 'none' ? [] : parts;
}
