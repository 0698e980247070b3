import { describe, expect, it } from 'vitest';
import { nemesis as onNemesis, timeLimit } from '../core/generator/combinators.ts';
import { brief, simulate } from '../core/generator/simulate.ts';
import { createRng } from '../core/rng.ts';
import { nemesisFor, parseSchedule, ScheduleError, UnknownFaultKindError } from './index.ts';

const S = 1_000_000_000;
const MS = 1_000_000;

function run(kinds: string[], seed: number, intervalS: number, limitS: number) {
  const b = nemesisFor(kinds, { rng: createRng(seed) });
  const gen = onNemesis(timeLimit(limitS * S, b.generator(intervalS)!));
  return brief(simulate(gen, { concurrency: 2, seed: 99, latencyNs: MS }));
}

describe('random schedule', () => {
  it('alternates start and stop, one interval apart, with seeded draws', () => {
    expect(run(['partition', 'kill', 'pause'], 25, 5, 32)).toEqual([
      ['nemesis', 'invoke', 'pause', 'random', 5 * S],
      ['nemesis', 'ok', 'pause', 'random', 5 * S + MS],
      ['nemesis', 'invoke', 'resume', 'all', 10 * S + MS],
      ['nemesis', 'ok', 'resume', 'all', 10 * S + 2 * MS],
      ['nemesis', 'invoke', 'start-partition', 'halves', 15 * S + 2 * MS],
      ['nemesis', 'ok', 'start-partition', 'halves', 15 * S + 3 * MS],
      ['nemesis', 'invoke', 'stop-partition', null, 20 * S + 3 * MS],
      ['nemesis', 'ok', 'stop-partition', null, 20 * S + 4 * MS],
      ['nemesis', 'invoke', 'kill', 'leader', 25 * S + 4 * MS],
      ['nemesis', 'ok', 'kill', 'leader', 25 * S + 5 * MS],
      ['nemesis', 'invoke', 'start', 'all', 30 * S + 5 * MS],
      ['nemesis', 'ok', 'start', 'all', 30 * S + 6 * MS],
    ]);
  });

  it('same seed, same ops; another seed, other ops', () => {
    const kinds = ['partition', 'clock', 'kill', 'pause', 'link'];
    const a = run(kinds, 1234, 2, 200);
    expect(run(kinds, 1234, 2, 200)).toEqual(a);
    expect(run(kinds, 4321, 2, 200)).not.toEqual(a);
    expect(new Set(a.map((o) => o[2]))).toEqual(
      new Set([
        'start-partition',
        'stop-partition',
        'kill',
        'start',
        'pause',
        'resume',
        'bump-clock',
        'reset-clock',
        'start-link',
        'stop-link',
      ]),
    );
  });

  it('draws every kind once before any kind again, so as many faults as kinds cover them all', () => {
    const kinds = ['partition', 'kill', 'pause', 'clock', 'link'];
    const kindOf: Record<string, string> = {
      'start-partition': 'partition',
      kill: 'kill',
      pause: 'pause',
      'bump-clock': 'clock',
      'strobe-clock': 'clock',
      'start-link': 'link',
    };
    for (const seed of [1, 2, 3, 25, 1234]) {
      const starts = run(kinds, seed, 1, 20)
        .filter((o) => o[1] === 'invoke' && o[2] in kindOf)
        .map((o) => kindOf[o[2] as string]!);
      expect(starts.length).toBeGreaterThanOrEqual(10);
      expect(new Set(starts.slice(0, 5)).size, `seed ${seed}`).toBe(5);
      expect(new Set(starts.slice(5, 10)).size, `seed ${seed}`).toBe(5);
    }
  });

  it('names the bad kind and the valid ones', () => {
    expect(() => nemesisFor(['partition', 'flood'], {})).toThrow(UnknownFaultKindError);
    expect(() => nemesisFor(['flood'], {})).toThrow(
      'unknown nemesis fault kind "flood"; valid kinds: partition, kill, pause, clock, link',
    );
  });

  it('no kinds: no generator and nothing needed', () => {
    const b = nemesisFor(['none'], {});
    expect(b.generator(5)).toBeNull();
    expect(b.needs).toEqual([]);
  });
});

describe('schedule file', () => {
  const text = JSON.stringify({
    ops: [
      { atS: 1, f: 'start-partition', value: { isolate: 'n2' } },
      { atS: 3.5, f: 'stop-partition' },
      { atS: 4, f: 'kill', value: 'n3' },
      { atS: 6, f: 'start', value: 'all' },
    ],
  });

  it('is replayed exactly, and its faults are what is needed', () => {
    const b = nemesisFor([], { scheduleText: text });
    expect(b.needs).toEqual(['partition', 'kill']);
    const ops = simulate(onNemesis(b.generator(5)!), { concurrency: 1, latencyNs: MS });
    expect(brief(ops).filter((o) => o[1] === 'invoke')).toEqual([
      ['nemesis', 'invoke', 'start-partition', { isolate: 'n2' }, 1 * S],
      ['nemesis', 'invoke', 'stop-partition', null, 3.5 * S],
      ['nemesis', 'invoke', 'kill', 'n3', 4 * S],
      ['nemesis', 'invoke', 'start', 'all', 6 * S],
    ]);
  });

  it('errors name the bad entry', () => {
    const bad = (ops: unknown) => () => parseSchedule(JSON.stringify({ ops }), 'sched.json');
    expect(bad([{ atS: 1, f: 'explode' }])).toThrow(
      /sched.json: entry 0 .*f must be one of start-partition, .* got "explode"/,
    );
    expect(
      bad([
        { atS: 2, f: 'kill' },
        { atS: 1, f: 'start' },
      ]),
    ).toThrow(/entry 1 .*atS 1 is before the previous entry's 2/);
    expect(bad([{ f: 'kill' }])).toThrow(/entry 0 .*atS must be a number of seconds >= 0/);
    expect(() => parseSchedule('{"ops": [', 'x.json')).toThrow(/x.json: not valid JSON/);
    try {
      bad([{ atS: 0, f: 'kill' }, 'oops'])();
    } catch (e) {
      expect(e).toBeInstanceOf(ScheduleError);
      expect((e as ScheduleError).entry).toBe(1);
    }
  });
});
