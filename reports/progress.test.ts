import { describe, expect, it } from 'vitest';
import type { Op } from '../core/history.ts';
import { createProgress } from './progress.ts';

function harness(isTTY: boolean) {
  const out: string[] = [];
  let now = 1000;
  const p = createProgress({
    write: (s) => out.push(s),
    nowMs: () => now,
    isTTY,
    timeLimitS: 60,
    ttyIntervalMs: 100,
    lineIntervalMs: 10_000,
  });
  let index = 0;
  const op = (process: Op['process'], type: Op['type'], f = 'read', value: unknown = null): Op => ({
    index: index++,
    process,
    type,
    f,
    value,
    time: 0,
  });
  return { out, p, op, advance: (ms: number) => (now += ms) };
}

describe('createProgress', () => {
  it('redraws one line in place on a TTY with ops, faults, elapsed and remaining', () => {
    const { out, p, op, advance } = harness(true);
    advance(2000);
    p.onOp(op(1, 'invoke'));
    p.onOp(op(1, 'ok'));
    p.onOp(op('nemesis', 'invoke', 'start-partition'));
    advance(50);
    p.onOp(op(2, 'fail'));
    advance(100);
    p.onOp(op(3, 'info'));
    expect(out.every((s) => s.startsWith('\r\x1b[2K') && !s.includes('\n'))).toBe(true);
    expect(out.at(-1)).toBe(
      '\r\x1b[2K3 ops (ok 1, fail 1, info 1), 1/s · faults: start-partition · 0:02 elapsed, 0:57 left',
    );
    // The fail 50 ms after a redraw was counted but not drawn: throttled.
    expect(out).toHaveLength(3);
  });

  it('prints plain throttled lines and a line per fault in CI', () => {
    const { out, p, op, advance } = harness(false);
    p.onOp(op(1, 'ok'));
    advance(1000);
    p.onOp(op(1, 'ok'));
    p.onOp(op('nemesis', 'invoke', 'kill', ['n3']));
    p.onOp(op('nemesis', 'info', 'kill', ['n3']));
    advance(10_000);
    p.onOp(op(1, 'ok'));
    p.onOp(op('nemesis', 'invoke', 'start', ['n3']));
    p.finish('valid');
    expect(out.join('')).toBe(
      [
        'progress 1 ops (ok 1, fail 0, info 0), 0/s · faults: none · 0:00 elapsed, 1:00 left',
        'fault kill n3 at 0:01; active: kill n3',
        'progress 3 ops (ok 3, fail 0, info 0), 0/s · faults: kill n3 · 0:11 elapsed, 0:49 left',
        'fault start n3 at 0:11; active: none',
        'valid',
        '',
      ].join('\n'),
    );
    expect(out.join('')).not.toContain('\x1b');
  });

  it('heal-all clears every active fault; finish clears the TTY line', () => {
    const { out, p, op } = harness(true);
    p.onOp(op('nemesis', 'invoke', 'pause', ['n1']));
    p.onOp(op('nemesis', 'invoke', 'start-clock-skew'));
    p.onOp(op('nemesis', 'invoke', 'heal-all'));
    expect(out.at(-1)).toContain('faults: none');
    p.finish();
    expect(out.at(-2)).toBe('\r\x1b[2K');
    expect(out.at(-1)).toMatch(/^done: 0 ops .* 0:00 elapsed, 1:00 left\n$/);
  });

  it('shows work counted in other units with an estimate of what is left', () => {
    const out: string[] = [];
    let now = 0;
    const p = createProgress({
      write: (s) => out.push(s),
      nowMs: () => now,
      isTTY: false,
      lineIntervalMs: 0,
    });
    now = 4000;
    p.setWork('checking', 250_000, 1_000_000);
    expect(out.at(-1)).toBe('progress checking 250,000 of 1,000,000 · 0:04 elapsed, ~0:12 left\n');
  });
});
