// The pure parts of shrinking: faults paired from a schedule, a candidate
// turned back into a schedule, the original as a candidate.
import { describe, expect, it } from 'vitest';
import type { Op } from '../../core/history.ts';
import { scheduleOfHistory } from './from-run.ts';
import { REPLAY_VERSION, type Replay } from './replay-file.ts';
import { faultsOf, originalCandidate, replayOfCandidate } from './shrink.ts';

const replay: Replay = {
  splitbrainReplay: REPLAY_VERSION,
  options: { backend: 'sim', seed: 7, timeLimitS: 10, concurrency: 4 },
  schedule: [
    { atS: 1, f: 'start-partition', value: 'halves' },
    { atS: 2, f: 'kill', value: ['n2'] },
    { atS: 3, f: 'stop-partition', value: null },
    { atS: 6, f: 'start', value: 'all' },
    { atS: 8, f: 'pause', value: ['n1'] },
  ],
  expect: { checker: 'read-your-writes', anomaly: 'stale-read' },
};

describe('faults of a schedule', () => {
  it('pairs each start with the next stop of its kind; a fault never stopped lasts to the end', () => {
    expect(
      faultsOf(replay.schedule).map((f) => [f.start.f, f.start.atS, f.stop?.atS ?? null]),
    ).toEqual([
      ['start-partition', 1, 3],
      ['kill', 2, 6],
      ['pause', 8, null],
    ]);
  });

  it('the original candidate keeps every fault, its times, the clients and the op count', () => {
    expect(originalCandidate(replay, 900)).toEqual({
      faults: [
        { i: 0, startMs: 1000, durationMs: 2000 },
        { i: 1, startMs: 2000, durationMs: 4000 },
        { i: 2, startMs: 8000, durationMs: 10_000 },
      ],
      maxOps: 900,
      concurrency: 4,
      timeLimitMs: 10_000,
    });
  });
});

describe('a candidate as a replay', () => {
  it('keeps the chosen faults once each, in time order, and drops what falls past the time limit', () => {
    const r = replayOfCandidate(replay, {
      faults: [
        { i: 1, startMs: 500, durationMs: 300 },
        { i: 0, startMs: 0, durationMs: 5000 },
        { i: 1, startMs: 100, durationMs: 100 },
        { i: 2, startMs: 4000, durationMs: 100 },
      ],
      maxOps: 3,
      concurrency: 1,
      timeLimitMs: 4000,
    });
    expect(r.options).toMatchObject({ maxOps: 3, concurrency: 1, timeLimitS: 4, seed: 7 });
    expect(r.schedule).toEqual([
      { atS: 0, f: 'start-partition', value: 'halves' },
      { atS: 0.5, f: 'kill', value: ['n2'] },
      { atS: 0.8, f: 'start', value: 'all' },
    ]);
    expect(r.expect).toEqual(replay.expect);
  });
});

describe('the schedule a history recorded', () => {
  const op = (index: number, type: Op['type'], f: string, value: unknown, time: number): Op =>
    ({ index, type, process: 'nemesis', f, value, time }) as Op;
  it('resolves drawn targets to the nodes hit and leaves out the final healing', () => {
    const history = [
      op(0, 'invoke', 'start-partition', 'one-way', 5e9),
      op(1, 'info', 'start-partition', { kind: 'one-way', grudge: { n3: ['n1', 'n2'] } }, 5e9),
      op(2, 'invoke', 'kill', 'random', 6e9),
      op(3, 'info', 'kill', { killed: ['n2'] }, 6e9),
      op(4, 'invoke', 'heal-all', null, 10e9),
      op(5, 'info', 'heal-all', [], 10e9),
    ];
    expect(scheduleOfHistory(history)).toEqual([
      { atS: 5, f: 'start-partition', value: { grudge: { n3: ['n1', 'n2'] } } },
      { atS: 6, f: 'kill', value: ['n2'] },
    ]);
  });
});
