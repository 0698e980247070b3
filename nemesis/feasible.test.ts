import { describe, expect, it } from 'vitest';
import { checkRandomPlan, checkScheduleFile, type RandomPlanSettings } from './feasible.ts';
import { NemesisOptionError } from './options.ts';
import { faultSlots } from './schedule.ts';
import { ScheduleError, type ScheduledOp } from './schedule-file.ts';

const THREE = ['n1', 'n2', 'n3'];
const ok: RandomPlanSettings = {
  kinds: ['partition'],
  intervalS: 5,
  timeLimitS: 30,
  nodeIds: THREE,
  flags: {},
  scheduleFile: false,
};
const refused = (s: Partial<RandomPlanSettings>) => () => checkRandomPlan({ ...ok, ...s });

describe('faultSlots', () => {
  it('counts the faults the random schedule can start: at 1, 3, 5... intervals', () => {
    expect(faultSlots(5, 5)).toBe(0);
    expect(faultSlots(5, 5.1)).toBe(1);
    expect(faultSlots(5, 15)).toBe(1);
    expect(faultSlots(5, 30)).toBe(3);
    expect(faultSlots(2, 10)).toBe(2);
    expect(faultSlots(1, 10)).toBe(5);
  });
});

describe('checkRandomPlan', () => {
  it('accepts the defaults and faults that fit', () => {
    expect(refused({})).not.toThrow();
    expect(refused({ kinds: ['partition', 'kill', 'pause'] })).not.toThrow();
    expect(refused({ kinds: [], timeLimitS: 1 })).not.toThrow();
  });

  it('refuses a time limit in which no fault starts, naming both flags and the fix', () => {
    expect(refused({ timeLimitS: 5 })).toThrow(NemesisOptionError);
    expect(refused({ timeLimitS: 5 })).toThrow(
      '--time-limit 5 with --nemesis-interval 5 injects no fault: the first would start 5 s in, when the run is over; raise --time-limit above 5 or lower --nemesis-interval below 5 (or --nemesis none for a run without faults)',
    );
  });

  it('refuses more kinds than faults fit, since each kind needs a fault of its own', () => {
    expect(refused({ kinds: ['partition', 'kill', 'pause', 'clock'] })).toThrow(
      '--nemesis partition,kill,pause,clock asks for 4 fault kinds, but --time-limit 30 with --nemesis-interval 5 leaves room for 3 (a fault starts every 2 intervals, the first after one); raise --time-limit above 35 or lower --nemesis-interval below 4.285',
    );
  });

  it.each(['kill-targets', 'pause-targets', 'clock-targets', 'link-targets'])(
    '--%s naming a node not in the cluster is refused',
    (flag) => {
      const kind = flag.split('-')[0]!;
      expect(refused({ kinds: [kind], flags: { [flag]: 'leader,n9' } })).toThrow(
        `--${flag} names n9, not a node of this 3-node cluster; nodes are n1, n2, n3 (or use random, leader, non-leader, majority, minority, all)`,
      );
      expect(refused({ kinds: [kind], flags: { [flag]: 'leader,n3' } })).not.toThrow();
    },
  );

  it('refuses a targeting flag for a fault not asked for, or beside a schedule file', () => {
    expect(refused({ flags: { 'kill-targets': 'n1' } })).toThrow(
      '--kill-targets narrows kill faults, but --nemesis is partition: add kill to --nemesis or drop --kill-targets',
    );
    expect(refused({ kinds: [], flags: { 'clock-strobe': true } })).toThrow(
      /--clock-strobe narrows clock faults, but --nemesis is none/,
    );
    expect(
      refused({ kinds: [], scheduleFile: true, flags: { 'partition-kinds': 'halves' } }),
    ).toThrow(
      /--partition-kinds narrows the random schedule, but --nemesis-schedule replays its file as written/,
    );
  });

  it('refuses faults that cut nothing at this cluster size', () => {
    expect(refused({ nodeIds: ['n1'] })).toThrow(
      '--nemesis partition needs at least 2 nodes to cut a link, and this cluster has 1: raise --nodes or drop partition',
    );
    expect(refused({ kinds: ['link'], nodeIds: ['n1'] })).toThrow(
      /--nemesis link needs at least 2/,
    );
    expect(refused({ kinds: ['kill'], nodeIds: ['n1'] })).not.toThrow();
    expect(refused({ flags: { 'partition-kinds': 'halves,majorities-ring' } })).toThrow(
      /--partition-kinds majorities-ring cuts no link below 4 nodes, and this cluster has 3/,
    );
    expect(refused({ nodeIds: ['n1', 'n2'], flags: { 'partition-kinds': 'bridge' } })).toThrow(
      /bridge cuts no link below 3 nodes/,
    );
  });
});

describe('checkScheduleFile', () => {
  const at = (atS: number, f: string, value: unknown = null): ScheduledOp => ({ atS, f, value });
  const refusedFile =
    (ops: ScheduledOp[], limitS = 10) =>
    () =>
      checkScheduleFile(ops, 'faults.json', limitS, THREE);

  it('accepts ops inside the time limit that name nodes of the cluster', () => {
    const ops = [
      at(0, 'start-partition', { grudge: { n1: ['n2', 'n3'] } }),
      at(1, 'stop-partition'),
      at(2, 'kill', { target: ['n1', 'n2'], restartAfterMs: 5 }),
      at(3, 'start-link', { links: [{ from: 'n1', to: 'n3' }], faults: {} }),
      at(4, 'bump-clock', { target: 'leader', deltaMs: 5 }),
      at(5, 'start', 'all'),
    ];
    expect(refusedFile(ops)).not.toThrow();
  });

  it('refuses an op at or after the time limit: it would never run', () => {
    const fn = refusedFile([at(1, 'kill', 'n1'), at(10, 'start', 'all')]);
    expect(fn).toThrow(ScheduleError);
    expect(fn).toThrow(
      'faults.json: entry 1 (start at 10 s) is at or after --time-limit 10, so it would never run: raise --time-limit above 10 or drop the entries from 10 s on',
    );
  });

  it('names the last entry in the fix, so one change of --time-limit is enough', () => {
    const fn = refusedFile([at(1, 'kill', 'n1'), at(11, 'start', 'all'), at(15, 'kill', 'n2')]);
    expect(fn).toThrow(
      'faults.json: entry 1 (start at 11 s) is at or after --time-limit 10, so it would never run: raise --time-limit above 15 (the last entry) or drop the entries from 10 s on',
    );
  });

  it.each([
    ['kill', 'n9'],
    ['pause', ['n1', 'n9']],
    ['bump-clock', { target: 'n9', deltaMs: 1 }],
    ['start-partition', { isolate: 'n9' }],
    ['start-partition', { components: [['n1'], ['n2', 'n9']] }],
    ['start-partition', { grudge: { n9: ['n1'] } }],
    ['start-link', { links: [{ from: 'n1', to: 'n9' }] }],
  ])('refuses %s naming a node not in the cluster (%j)', (f, value) => {
    expect(refusedFile([at(1, f, value)])).toThrow(
      `faults.json: entry 0 (${f} at 1 s) names n9, not a node of this 3-node cluster; nodes are n1, n2, n3`,
    );
  });

  it('refuses an empty schedule', () => {
    expect(refusedFile([])).toThrow(
      'faults.json: holds no ops; for a run without faults use --nemesis none',
    );
  });
});
