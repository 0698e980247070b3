// Per-fault targeting flags of `splitbrain run`, as data the CLI registers
// with yargs, and their conversion to ScheduleOptions with errors that name
// the flag. Kept here so the CLI needs no knowledge of fault kinds.
import type { FaultKind, LinkFaultSpec } from '../core/cluster.ts';
import { camelCase, type OptionSpec } from '../core/option.ts';
import { PARTITION_KINDS, isPartitionKind, type PartitionKind } from './partition.ts';
import type { ScheduleOptions } from './schedule.ts';
import { NAMED_TARGETS } from './targets.ts';

export interface NemesisFlag {
  /** Flag name without dashes, kebab-case. */
  readonly name: string;
  readonly type: 'string' | 'number' | 'boolean';
  readonly describe: string;
  /** The fault kind it narrows: without that kind in --nemesis it would change nothing. */
  readonly kind: FaultKind;
}

/** Named link fault presets for --link-faults. */
export const LINK_PRESETS: Readonly<Record<string, LinkFaultSpec>> = {
  latency: { latencyMs: 100, jitterMs: 50 },
  bandwidth: { bandwidthBytesPerS: 16_384 },
  loss: { lossRate: 0.02 },
  duplicate: { duplicateRate: 0.02, framing: 'line' },
  'slow-close': { slowCloseMs: 1000, latencyMs: 20 },
};

const TARGETS = `${NAMED_TARGETS.join(', ')} or a node id`;

export const NEMESIS_FLAGS: readonly NemesisFlag[] = [
  {
    name: 'partition-kinds',
    kind: 'partition',
    type: 'string',
    describe: `partition shapes to draw from: ${PARTITION_KINDS.join(', ')}`,
  },
  { name: 'kill-targets', kind: 'kill', type: 'string', describe: `whom kill hits: ${TARGETS}` },
  {
    name: 'kill-restart-after-ms',
    kind: 'kill',
    type: 'number',
    describe: 'restart a killed node this long after the kill, in the same op',
  },
  { name: 'pause-targets', kind: 'pause', type: 'string', describe: `whom pause hits: ${TARGETS}` },
  {
    name: 'clock-targets',
    kind: 'clock',
    type: 'string',
    describe: `whose clock moves: ${TARGETS}`,
  },
  { name: 'clock-min-skew-ms', kind: 'clock', type: 'number', describe: 'smallest clock bump, ms' },
  { name: 'clock-max-skew-ms', kind: 'clock', type: 'number', describe: 'largest clock bump, ms' },
  {
    name: 'clock-strobe',
    kind: 'clock',
    type: 'boolean',
    describe: 'also strobe clocks between two offsets',
  },
  {
    name: 'link-targets',
    kind: 'link',
    type: 'string',
    describe: `whose links degrade: ${TARGETS}`,
  },
  {
    name: 'link-faults',
    kind: 'link',
    type: 'string',
    describe: `link faults to draw from: ${Object.keys(LINK_PRESETS).join(', ')}, or a JSON object like {"latencyMs":200}`,
  },
];

/** The flags as `splitbrain run` options (group "faults"): the CLI, config and repeat command read these. */
export const NEMESIS_OPTIONS: readonly OptionSpec[] = NEMESIS_FLAGS.map((f) => ({
  flag: f.name,
  group: 'faults',
  type: f.type,
  describe: f.describe,
}));

export class NemesisOptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NemesisOptionError';
  }
}

function get(raw: Record<string, unknown>, name: string): unknown {
  return raw[camelCase(name)] ?? raw[name];
}

function list(raw: Record<string, unknown>, name: string): string[] | undefined {
  const v = get(raw, name);
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string')
    throw new NemesisOptionError(
      `--${name} must be a comma-separated list, got ${JSON.stringify(v)}`,
    );
  const items = v
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (items.length === 0) throw new NemesisOptionError(`--${name} needs at least one value`);
  return items;
}

function targets(raw: Record<string, unknown>, name: string): string[] | undefined {
  const items = list(raw, name);
  for (const t of items ?? [])
    if (!NAMED_TARGETS.includes(t) && !/^[A-Za-z0-9_.-]+$/.test(t))
      throw new NemesisOptionError(
        `--${name}: ${JSON.stringify(t)} is not a target; use ${TARGETS}`,
      );
  return items;
}

function nonNegative(raw: Record<string, unknown>, name: string): number | undefined {
  const v = get(raw, name);
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
    throw new NemesisOptionError(`--${name} must be a number >= 0, got ${JSON.stringify(v)}`);
  return v;
}

function linkFaults(raw: Record<string, unknown>): LinkFaultSpec[] | undefined {
  const v = get(raw, 'link-faults');
  if (typeof v === 'string' && v.trim().startsWith('{')) {
    try {
      return [JSON.parse(v) as LinkFaultSpec];
    } catch (err) {
      throw new NemesisOptionError(`--link-faults: not valid JSON (${(err as Error).message})`);
    }
  }
  return list(raw, 'link-faults')?.map((p) => {
    const preset = LINK_PRESETS[p];
    if (!preset)
      throw new NemesisOptionError(
        `--link-faults: unknown preset ${JSON.stringify(p)}; presets: ${Object.keys(LINK_PRESETS).join(', ')}, or a JSON object`,
      );
    return preset;
  });
}

/** Reads the flags of NEMESIS_FLAGS (camelCase or kebab-case keys) into ScheduleOptions. */
export function scheduleOptionsFromFlags(raw: Record<string, unknown>): ScheduleOptions {
  const kinds = list(raw, 'partition-kinds');
  for (const k of kinds ?? [])
    if (!isPartitionKind(k))
      throw new NemesisOptionError(
        `--partition-kinds: unknown shape ${JSON.stringify(k)}; shapes: ${PARTITION_KINDS.join(', ')}`,
      );
  const minSkewMs = nonNegative(raw, 'clock-min-skew-ms');
  const maxSkewMs = nonNegative(raw, 'clock-max-skew-ms');
  if (minSkewMs !== undefined && maxSkewMs !== undefined && minSkewMs > maxSkewMs)
    throw new NemesisOptionError(
      `--clock-min-skew-ms ${minSkewMs} is above --clock-max-skew-ms ${maxSkewMs}`,
    );
  const restartAfterMs = nonNegative(raw, 'kill-restart-after-ms');
  const strobe = get(raw, 'clock-strobe');
  const drop = <T extends object>(o: T): T =>
    Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
  return drop({
    partition: kinds ? { kinds: kinds as PartitionKind[] } : undefined,
    kill: drop({ targets: targets(raw, 'kill-targets'), restartAfterMs }),
    pause: drop({ targets: targets(raw, 'pause-targets') }),
    clock: drop({
      targets: targets(raw, 'clock-targets'),
      minSkewMs,
      maxSkewMs,
      strobe: typeof strobe === 'boolean' ? strobe : undefined,
    }),
    link: drop({ targets: targets(raw, 'link-targets'), presets: linkFaults(raw) }),
  });
}
