import { describe, expect, it } from 'vitest';
import type { Op } from '../core/history.ts';
import { faultEffect, faultWords } from './fault-words.ts';
import { faultIntervals } from './faults.ts';

const words = (f: string, asked: unknown, done: unknown, nodes?: string) =>
  faultWords(faultEffect(f, asked, done, nodes));

describe('faultWords: what the nemesis records say, in words', () => {
  it('names an isolated node, and the leader when the nemesis says it is one', () => {
    const grudge = { n1: ['n3'], n2: ['n3'], n3: ['n1', 'n2'] };
    expect(words('start-partition', { isolate: 'n3' }, { kind: 'isolate', grudge })).toBe(
      'n3 isolated from n1, n2',
    );
    const g1 = { n1: ['n2', 'n3'], n2: ['n1'], n3: ['n1'] };
    expect(words('start-partition', 'isolate-leader', { leader: 'n1', grudge: g1 })).toBe(
      'leader n1 isolated from n2, n3',
    );
  });

  it('says halves, bridges, one-way and uneven cuts apart', () => {
    const halves = {
      n1: ['n3', 'n4', 'n5'],
      n2: ['n3', 'n4', 'n5'],
      n3: ['n1', 'n2'],
      n4: ['n1', 'n2'],
      n5: ['n1', 'n2'],
    };
    expect(words('start-partition', 'halves', { grudge: halves })).toBe(
      'n1, n2 cut off from n3, n4, n5',
    );
    expect(
      words('start-partition', 'bridge', { bridge: 'n2', grudge: { n1: ['n3'], n3: ['n1'] } }),
    ).toBe('n1 cut off from n3 (n2 reaches both)');
    expect(words('start-partition', 'one-way', { grudge: { n3: ['n1', 'n2'] } })).toBe(
      'n3 hears nothing from n1, n2',
    );
    const ring = {
      n1: ['n3', 'n4'],
      n2: ['n4', 'n5'],
      n3: ['n1', 'n5'],
      n4: ['n1', 'n2'],
      n5: ['n2', 'n3'],
    };
    expect(words('start-partition', 'majorities-ring', { grudge: ring })).toBe(
      'links cut: n1–n3, n1–n4, n2–n4, n2–n5, n3–n5',
    );
    expect(words('start-partition', 'halves', { grudge: {} })).toBe('no link cut');
  });

  it('describes kills, pauses, clocks and links', () => {
    expect(
      words('kill', { target: 'n1', restartAfterMs: 2000 }, { killed: ['n1'], restarted: ['n1'] }),
    ).toBe('n1 killed, restarted after 2 s');
    expect(words('kill', 'leader', { killed: ['n2'] })).toBe('n2 killed');
    expect(words('pause', 'n2', { paused: ['n2'] })).toBe('n2 paused');
    expect(
      words('bump-clock', { target: 'n1', deltaMs: 12000 }, { offsetsMs: { n1: 12000 } }),
    ).toBe('n1 clock +12 s');
    expect(
      words('bump-clock', { target: 'n3', deltaMs: -1430 }, { offsetsMs: { n3: -1430 } }),
    ).toBe('n3 clock −1.4 s');
    expect(
      words(
        'strobe-clock',
        { target: 'n2', deltaMs: 200, periodMs: 10, durationMs: 5000 },
        { offsetsMs: { n2: 0 }, strobe: { deltaMs: 200, periodMs: 10, durationMs: 5000 } },
      ),
    ).toBe('n2 clock ±200 ms every 10 ms for 5 s');
    expect(
      words('start-link', {}, { links: ['n1->n2'], faults: { latencyMs: 200, seed: 7 } }),
    ).toBe('n1→n2 +200 ms latency');
    expect(
      words(
        'start-link',
        {},
        { links: ['n3->n1', 'n3->n2'], faults: { lossRate: 0.1, jitterMs: 50 } },
      ),
    ).toBe('n3→n1, n3→n2 ±50 ms jitter, 10% loss');
  });

  it('has no words for what it does not know, so the caller falls back to the f and target', () => {
    expect(words('start-partition', 'halves', 'cut n3 off')).toBe('');
    expect(words('made-up', 'x', null)).toBe('');
  });
});

describe('faultIntervals', () => {
  let index = 0;
  const nem = (type: Op['type'], f: string, value: unknown, s: number, node?: string): Op => ({
    index: index++,
    type,
    process: 'nemesis',
    f,
    value,
    time: s * 1e9,
    ...(node ? { node } : {}),
  });
  const history = [
    nem('info', 'plan', { faults: ['kill'] }, 0),
    nem('invoke', 'kill', { target: 'n2', restartAfterMs: 2000 }, 7),
    nem('info', 'kill', { killed: ['n2'], restarted: ['n2'], restartAfterMs: 2000 }, 9, 'n2'),
    nem('invoke', 'pause', 'n1', 11),
    nem('info', 'pause', { paused: ['n1'] }, 11, 'n1'),
    nem('invoke', 'start', 'all', 20),
    nem('info', 'start', { started: [] }, 20),
    nem('invoke', 'heal-all', null, 30),
  ];

  it('ends a kill that restarted by itself when the node came back, not at the next start', () => {
    const [kill, pause] = faultIntervals(history, 40e9);
    expect([kill!.words, kill!.startNs / 1e9, kill!.endNs / 1e9, kill!.closed]).toEqual([
      'n2 killed, restarted after 2 s',
      7,
      9,
      true,
    ]);
    expect([pause!.words, pause!.endNs / 1e9]).toEqual(['n1 paused', 30]);
  });

  it('takes a "plan" record for a description of the run, not a fault', () => {
    expect(faultIntervals(history, 40e9).map((f) => f.f)).toEqual(['kill', 'pause']);
  });
});
