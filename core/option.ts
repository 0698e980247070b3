// The Option role: one command-line option declared once, as data, by the
// part that owns it (a run setting, a fault's targeting, a system's own flag).
// The harness builds the CLI, the resolved config, config.json and the repeat
// command from these declarations; nothing declares a flag a second time.
import { UsageError } from './errors.ts';
import { didYouMean } from './suggest.ts';

/** Where --help lists an option; common groups first. */
export const OPTION_GROUPS = ['run', 'cluster', 'faults', 'checkers', 'systems', 'output'] as const;
export type OptionGroup = (typeof OPTION_GROUPS)[number];

export type OptionValue = string | number | boolean;
/** Resolved option values by key; an option not given and without a default is absent. */
export type OptionValues = Readonly<Record<string, OptionValue>>;

export interface OptionSpec {
  /** The flag without dashes, kebab-case: "time-limit". */
  readonly flag: string;
  /** Its field in the resolved config [default: the flag in camelCase]. */
  readonly key?: string;
  readonly group: OptionGroup;
  readonly type: 'string' | 'number' | 'boolean';
  /** One line for --help: what it does, its unit, its choices and limits. */
  readonly describe: string;
  /** Applied when the flag is not given, and shown in --help. */
  readonly default?: OptionValue;
  /** Shown in --help where the default is not a constant ("random, printed"). */
  readonly defaultText?: string;
  /** Checks a given value and returns it as the config keeps it; throws UsageError naming the flag. */
  readonly parse?: (value: unknown) => OptionValue;
  /**
   * In the repeat command: "always" (the settings a reader looks for first),
   * "changed" (only when it differs from the default), "never" (where output
   * goes, how it is shown: not part of what a run tests) [default: "changed"].
   */
  readonly repeat?: 'always' | 'changed' | 'never';
}

/** "kill-targets" → "killTargets". */
export function camelCase(kebab: string): string {
  return kebab.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

export function keyOf(spec: OptionSpec): string {
  return spec.key ?? camelCase(spec.flag);
}

/** A given value, validated by its spec (type first, then its own rule). */
export function parseOption(spec: OptionSpec, value: unknown): OptionValue {
  if (spec.parse) return spec.parse(value);
  if (spec.type === 'boolean' && typeof value !== 'boolean')
    throw new UsageError(`--${spec.flag} takes no value, got ${JSON.stringify(value)}`);
  if (spec.type === 'number' && (typeof value !== 'number' || !Number.isFinite(value)))
    throw new UsageError(`--${spec.flag} must be a number, got ${JSON.stringify(value)}`);
  if (spec.type === 'string' && typeof value !== 'string')
    throw new UsageError(`--${spec.flag} must be a string, got ${JSON.stringify(value)}`);
  return value as OptionValue;
}

/** A whole number in [min, max]; the message names the flag and the range. */
export function wholeNumber(flag: string, min: number, max: number): (v: unknown) => number {
  return (v) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)
      throw new UsageError(
        `--${flag} must be a whole number from ${min} to ${max}, got ${JSON.stringify(v)}`,
      );
    return v;
  };
}

/** A number greater than 0. */
export function positiveNumber(flag: string): (v: unknown) => number {
  return (v) => {
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0)
      throw new UsageError(`--${flag} must be a number greater than 0, got ${JSON.stringify(v)}`);
    return v;
  };
}

/** One of a fixed list of words. */
export function oneOf(flag: string, allowed: readonly string[]): (v: unknown) => string {
  return (v) => {
    if (typeof v !== 'string' || !allowed.includes(v))
      throw new UsageError(
        `--${flag} must be one of ${allowed.join(', ')}, got ${JSON.stringify(v)}${didYouMean(v, allowed)}`,
      );
    return v;
  };
}
