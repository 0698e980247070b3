// Fault settings under which a requested fault could never take effect,
// refused before a run starts: a run that asked for faults and got none
// would otherwise pass as if it had survived them. Pure: the caller gives
// the cluster's node ids and the run's time limit.
import { FAULT_KINDS } from './capabilities.ts';
import { NEMESIS_FLAGS, NemesisOptionError } from './options.ts';
import { PARTITION_KINDS } from './partition.ts';
import { faultSlots } from './schedule.ts';
import { ScheduleError, type ScheduledOp } from './schedule-file.ts';
import { NAMED_TARGETS } from './targets.ts';

export interface RandomPlanSettings {
  /** --nemesis: the kinds the random schedule draws from (empty with a schedule file). */
  readonly kinds: readonly string[];
  readonly intervalS: number;
  readonly timeLimitS: number;
  readonly nodeIds: readonly string[];
  /** Targeting flags given (NEMESIS_FLAGS), kebab-case name → value. */
  readonly flags: Readonly<Record<string, unknown>>;
  /** A schedule file replaces the random schedule. */
  readonly scheduleFile: boolean;
}

/** The fewest nodes a fault kind, or a partition shape, needs to cut anything. */
const MIN_NODES: Readonly<Record<string, number>> = {
  partition: 2,
  link: 2,
  'majorities-ring': 4,
  bridge: 3,
};

const fail = (message: string): never => {
  throw new NemesisOptionError(message);
};

const nodesText = (ids: readonly string[]) =>
  `this ${ids.length}-node cluster; nodes are ${ids.join(', ')}`;

/** Throws NemesisOptionError (what, where, the fix) for a random schedule that cannot deliver. */
export function checkRandomPlan(s: RandomPlanSettings): void {
  checkFlags(s);
  for (const kind of s.kinds) {
    const min = MIN_NODES[kind];
    if (min !== undefined && s.nodeIds.length < min)
      fail(
        `--nemesis ${kind} needs at least ${min} nodes to cut a link, and this cluster has ${s.nodeIds.length}: raise --nodes or drop ${kind}`,
      );
  }
  const shapes = String(s.flags['partition-kinds'] ?? '')
    .split(',')
    .map((x) => x.trim());
  for (const shape of shapes) {
    const min = MIN_NODES[shape];
    if (min !== undefined && s.nodeIds.length < min)
      fail(
        `--partition-kinds ${shape} cuts no link below ${min} nodes, and this cluster has ${s.nodeIds.length}: raise --nodes or pick other shapes (${PARTITION_KINDS.join(', ')})`,
      );
  }
  checkSlots(s);
}

function checkFlags(s: RandomPlanSettings): void {
  for (const flag of NEMESIS_FLAGS) {
    const v = s.flags[flag.name];
    if (v === undefined) continue;
    if (s.scheduleFile)
      fail(
        `--${flag.name} narrows the random schedule, but --nemesis-schedule replays its file as written: drop --${flag.name} (or write the choice into the file)`,
      );
    if (!s.kinds.includes(flag.kind))
      fail(
        `--${flag.name} narrows ${flag.kind} faults, but --nemesis is ${s.kinds.join(',') || 'none'}: add ${flag.kind} to --nemesis or drop --${flag.name}`,
      );
    if (!flag.name.endsWith('-targets') || typeof v !== 'string') continue;
    const unknown = v
      .split(',')
      .map((t) => t.trim())
      .filter((t) => t !== '' && !NAMED_TARGETS.includes(t) && !s.nodeIds.includes(t));
    if (unknown.length > 0)
      fail(
        `--${flag.name} names ${unknown.join(', ')}, not a node of ${nodesText(s.nodeIds)} (or use ${NAMED_TARGETS.join(', ')})`,
      );
  }
}

/** Each kind needs a fault of its own: the schedule draws every kind once before repeating one. */
function checkSlots(s: RandomPlanSettings): void {
  const kinds = s.kinds.filter((k) => (FAULT_KINDS as readonly string[]).includes(k));
  if (kinds.length === 0) return;
  const slots = faultSlots(s.intervalS, s.timeLimitS);
  if (slots >= kinds.length) return;
  const n = kinds.length;
  const where = `--time-limit ${s.timeLimitS} with --nemesis-interval ${s.intervalS}`;
  const needS = s.intervalS * (2 * n - 1);
  const fix = `raise --time-limit above ${needS} or lower --nemesis-interval below ${round(s.timeLimitS / (2 * n - 1))}`;
  if (slots === 0)
    fail(
      `${where} injects no fault: the first would start ${s.intervalS} s in, when the run is over; ${fix} (or --nemesis none for a run without faults)`,
    );
  fail(
    `--nemesis ${kinds.join(',')} asks for ${n} fault kinds, but ${where} leaves room for ${slots} (a fault starts every 2 intervals, the first after one); ${fix}`,
  );
}

const round = (x: number) => Math.floor(x * 1000) / 1000;

/** Throws ScheduleError for a schedule file with an op that could never run or names no node here. */
export function checkScheduleFile(
  ops: readonly ScheduledOp[],
  source: string,
  timeLimitS: number,
  nodeIds: readonly string[],
): void {
  if (ops.length === 0)
    throw new ScheduleError(
      `${source}: holds no ops; for a run without faults use --nemesis none`,
      null,
    );
  // The fix names the schedule's last op, so one change of --time-limit suffices.
  const lastS = Math.max(...ops.map((op) => op.atS));
  ops.forEach((op, i) => {
    const where = `${source}: entry ${i} (${op.f} at ${op.atS} s)`;
    if (op.atS >= timeLimitS)
      throw new ScheduleError(
        `${where} is at or after --time-limit ${timeLimitS}, so it would never run: raise --time-limit above ${lastS}${lastS > op.atS ? ' (the last entry)' : ''} or drop the entries from ${timeLimitS} s on`,
        i,
      );
    const unknown = nodesNamed(op).filter((id) => !nodeIds.includes(id));
    if (unknown.length > 0)
      throw new ScheduleError(
        `${where} names ${unknown.join(', ')}, not a node of ${nodesText(nodeIds)}`,
        i,
      );
  });
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Node ids in a target: a list of ids, or one id (a named target is none). */
function targetIds(t: unknown): string[] {
  if (Array.isArray(t)) return t.map(String);
  return typeof t === 'string' && !NAMED_TARGETS.includes(t) ? [t] : [];
}

/** The node ids a schedule op names explicitly (nemesis/README.md, "Ops"). */
function nodesNamed(op: ScheduledOp): string[] {
  const v = op.value;
  const obj = isRecord(v) ? v : null;
  switch (op.f) {
    case 'stop-partition':
    case 'stop-link':
      return [];
    case 'start-partition': {
      if (obj === null) return [];
      const grudge = isRecord(obj.grudge) ? obj.grudge : {};
      return [
        ...(typeof obj.isolate === 'string' ? [obj.isolate] : []),
        ...(Array.isArray(obj.components) ? obj.components.flat().map(String) : []),
        ...Object.entries(grudge).flatMap(([a, bs]) => [a, ...targetIds(bs)]),
      ];
    }
    case 'start-link': {
      const links = obj !== null && Array.isArray(obj.links) ? obj.links : [];
      return [
        ...(obj !== null ? targetIds(obj.target) : []),
        ...links.flatMap((l) => (isRecord(l) ? [l.from, l.to].map(String) : [])),
      ];
    }
    default:
      return targetIds(obj !== null && 'target' in obj ? obj.target : v);
  }
}
