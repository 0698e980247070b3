// The matrix's grid: which store settings, read policies and nemeses it
// crosses, and what theory predicts in each cell. A replication mode joins
// the matrix with one ModeGrid entry in modes.ts: its settings (rows keyed by
// the store flags they pass), the read policies its clients offer, and its
// predictions.
import { fileURLToPath } from 'node:url';
import type { OptionValue } from '../../core/option.ts';

/** One row of the matrix: a store configuration, as the store flags `splitbrain run` takes (by key). */
export interface Setting {
  /** Short, folder-safe: "async", "sync-failover". */
  readonly id: string;
  /** What the row heading says. */
  readonly label: string;
  readonly flags: Readonly<Record<string, OptionValue>>;
}

/** A fault mix the grid runs under, with the interval that leaves room for every kind in it. */
export interface NemesisChoice {
  readonly id: string;
  /** --nemesis: comma-separated fault kinds. */
  readonly kinds: string;
  readonly intervalS: number;
  /** Further fault flags by key (nemesis/options.ts): partitionKinds... */
  readonly flags?: Readonly<Record<string, OptionValue>>;
  /**
   * A fixed schedule file (--nemesis-schedule, schedules/) replayed instead of
   * the random schedule; kinds then only names the faults it uses.
   */
  readonly schedule?: string;
  /** Seconds a run needs for the schedule to play out: cells under it run at least this long. */
  readonly minTimeLimitS?: number;
}

export type Expectation = 'must-hold' | 'may-violate';

/** What theory says of one guarantee in one cell, and why (the source the reason cites). */
export interface Prediction {
  readonly expect: Expectation;
  readonly reason: string;
}

export interface CellKey {
  readonly mode: string;
  readonly setting: Setting;
  readonly readFrom: string;
  readonly nemesis: NemesisChoice;
}

export interface ModeGrid {
  /** The store's --mode. */
  readonly mode: string;
  /** --workload of every cell (default kv). */
  readonly workload?: string;
  readonly settings: readonly Setting[];
  /** --read-from values the mode's clients offer, in column order. */
  readonly readPolicies: readonly string[];
  /** The checkers run in every cell of the mode (--checkers), as its columns, in order. */
  readonly guarantees: readonly string[];
  /** The fault mixes the mode's cells run under unless --nemesis names others. */
  readonly nemeses: readonly NemesisChoice[];
  /** The deliberate bugs (--bug) this mode's nodes take: --detect runs each only on its mode's cells. */
  readonly bugs: readonly string[];
  predict(guarantee: string, cell: CellKey): Prediction;
}

/** The kv workload's session checkers: single-leader's columns. */
export const KV_SESSION = ['read-your-writes', 'monotonic-reads', 'consistent-prefix'] as const;

export const DEFAULT_NEMESES: readonly NemesisChoice[] = [
  { id: 'partition', kinds: 'partition', intervalS: 2 },
  { id: 'mixed', kinds: 'partition,kill,pause', intervalS: 1.5 },
];

/**
 * Pauses of the leader only: the others elect a new one, and the old one wakes
 * up still believing it leads, with requests queued for it: the deposed
 * leader's window (detection of leader-reads-unconfirmed and of failover
 * without fencing; --nemesis pause-leader).
 */
export const PAUSE_LEADER: NemesisChoice = {
  id: 'pause-leader',
  kinds: 'pause',
  intervalS: 2,
  flags: { pauseTargets: 'leader' },
};

/**
 * The leader crashed and restarted 100 ms later, every half second: a node that lies about
 * fsync comes back without its newest write while clients still hold what
 * it acknowledged (detection of lose-last-write-on-restart; --nemesis kill-leader).
 */
export const KILL_LEADER: NemesisChoice = {
  id: 'kill-leader',
  kinds: 'kill',
  intervalS: 0.5,
  flags: { killTargets: 'leader', killRestartAfterMs: 100 },
};

const scheduleFile = (name: string): string =>
  fileURLToPath(new URL(`./schedules/${name}.json`, import.meta.url));

/**
 * n1, the configured first leader, deposed without knowing it: its clock runs
 * at a twentieth of real time while it is cut off from 3 s (so it would step
 * down only ~20 s later), the others elect a leader and commit (8 s leave room
 * for the split votes of a 3-node election); from 11 s n1 hears no one but is
 * heard, so its appends of the old term reach them; all heals at 15 s
 * (schedules/depose-n1.json; cells under it run at least 16 s, whatever
 * --time-limit says). The deposed leader's window, forced the same in every
 * seed (detection of leader-reads-unconfirmed and failover-without-fencing).
 */
export const DEPOSE_LEADER: NemesisChoice = {
  id: 'depose-leader',
  kinds: 'clock,partition',
  intervalS: 3,
  schedule: scheduleFile('depose-n1'),
  minTimeLimitS: 16,
};

export const SKEW_AHEAD: NemesisChoice = {
  id: 'skew-ahead',
  kinds: 'clock',
  intervalS: 2,
  schedule: scheduleFile('skew-ahead'),
};

/** Clock skew with partitions: concurrent writes whose timestamps lie (multi-leader's LWW). */
export const SKEW_NEMESIS: NemesisChoice = { id: 'skew', kinds: 'clock,partition', intervalS: 2 };

/** "single-leader/async/any/partition": the folder and the key of a cell. */
export function cellId(c: CellKey): string {
  return `${c.mode}/${c.setting.id}/${c.readFrom}/${c.nemesis.id}`;
}
