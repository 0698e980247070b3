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
    // The load began at 0:02 (the first op), so 0:00.15 of its 60 s are gone: 1:00 left, rounded up.
    expect(out.at(-1)).toBe(
      '\r\x1b[2K3 ops (ok 1, fail 1, info 1), 20/s · faults: start-partition · 0:02 elapsed, 1:00 left',
    );
    // The fail 50 ms after a redraw was counted but not drawn: throttled.
    expect(out).toHaveLength(3);
  });

  it('starts the countdown with the first client op, not while the cluster comes up', () => {
    const { out, p, op, advance } = harness(true);
    advance(5000);
    p.tick();
    expect(out.at(-1)).toBe(
      '\r\x1b[2Kstarting: the countdown begins with the first op · 0:05 elapsed',
    );
    // A nemesis record (a plan, a fault) is not the load.
    p.onOp(op('nemesis', 'info', 'plan'));
    advance(1000);
    p.onOp(op(1, 'invoke'));
    expect(out.at(-1)).toMatch(/0:06 elapsed, 1:00 left$/);
    advance(59_500);
    p.tick();
    expect(out.at(-1)).toMatch(/1:05 elapsed, 0:01 left$/);
    advance(600);
    p.tick();
    // Past the limit the clients drain, heal and read: no "0:00 left" while that runs.
    expect(out.at(-1)).toMatch(/1:06 elapsed, time limit reached, finishing$/);
    expect(out.join('')).not.toContain('0:00 left');
  });

  it('prints a step line above the status line: cleared first, redrawn after', () => {
    const { out, p, op, advance } = harness(true);
    p.onOp(op(1, 'invoke'));
    const stdout: string[] = [];
    p.line('healing every fault', (s) => stdout.push(s));
    expect(stdout).toEqual(['healing every fault\n']);
    expect(out.at(-2)).toBe('\r\x1b[2K');
    expect(out.at(-1)!.startsWith('\r\x1b[2K0 ops ')).toBe(true);
    expect(out.at(-1)).toMatch(/1:00 left$/);
    p.finish('done');
    advance(1);
    p.line('report: x.html', (s) => stdout.push(s));
    // Nothing is redrawn once finished.
    expect(out.at(-1)).toBe('done\n');
  });

  it('fits the terminal width by shortening the fault list, keeping the countdown; names faults in words', () => {
    const out: string[] = [];
    const p = createProgress({
      write: (s) => out.push(s),
      nowMs: () => 0,
      isTTY: true,
      timeLimitS: 30,
      columns: () => 100,
    });
    const grudge = { n1: ['n3'], n2: ['n3'], n3: ['n1', 'n2'] };
    const nem = (index: number, type: Op['type'], value: unknown): Op => ({
      index,
      type,
      process: 'nemesis',
      f: 'start-partition',
      value,
      time: 0,
    });
    p.onOp({ index: 0, type: 'invoke', process: 1, f: 'read', value: null, time: 0 });
    p.onOp(nem(1, 'invoke', 'isolate'));
    p.onOp(nem(2, 'info', { grudge }));
    p.onOp({ index: 3, type: 'invoke', process: 'nemesis', f: 'pause', value: 'n2', time: 0 });
    p.onOp({ index: 4, type: 'invoke', process: 'nemesis', f: 'pause', value: 'n1', time: 0 });
    const line = out.at(-1)!.slice('\r\x1b[2K'.length);
    expect(line.length).toBeLessThan(100);
    expect(line).toMatch(
      /^0 ops .* · faults: n3 isolated from n1, n2, pa… · 0:00 elapsed, 0:30 left$/,
    );
    expect(line).toMatch(/0:00 elapsed, 0:30 left$/);
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

  it('drops a kill that restarted by itself once its completion says so', () => {
    const { out, p, op } = harness(true);
    p.onOp(op(1, 'invoke'));
    p.onOp(op('nemesis', 'invoke', 'kill', { target: 'n2', restartAfterMs: 2000 }));
    expect(out.at(-1)).toContain('faults: kill ·');
    p.onOp({ ...op('nemesis', 'info', 'kill', { killed: ['n2'], restarted: ['n2'] }) });
    p.onOp(op('nemesis', 'invoke', 'pause', 'n1'));
    expect(out.at(-1)).toContain('faults: pause n1 ·');
  });

  it('heal-all clears every active fault; finish clears the TTY line', () => {
    const { out, p, op } = harness(true);
    p.onOp(op(1, 'invoke'));
    p.onOp(op('nemesis', 'invoke', 'pause', ['n1']));
    p.onOp(op('nemesis', 'invoke', 'start-clock-skew'));
    p.onOp(op('nemesis', 'invoke', 'heal-all'));
    expect(out.at(-1)).toContain('faults: none');
    p.finish();
    expect(out.at(-2)).toBe('\r\x1b[2K');
    expect(out.at(-1)).toMatch(/^done: 0 ops .* · 0:00 elapsed\n$/);
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
