import { describe, expect, it } from 'vitest';
import { buildResults } from './results.ts';
import { renderTerminal, wantsColor } from './terminal.ts';

const results = buildResults({
  'read-your-writes': {
    valid: false,
    anomalies: [
      { kind: 'stale-read', ops: [1, 4], explanation: 'process 4 wrote 7 to k1 then read 5' },
      { kind: 'stale-read', ops: [6, 9], explanation: 'second' },
      { kind: 'stale-read', ops: [8, 11], explanation: 'third' },
      { kind: 'stale-read', ops: [12, 15], explanation: 'fourth, not shown' },
    ],
    stats: {},
  },
  'monotonic-reads': { valid: true, anomalies: [], stats: {} },
  linearizable: { valid: 'unknown', anomalies: [], stats: {}, error: 'budget exhausted' },
});
const config = { test: 'ryw', seed: 42, command: 'npx splitbrain run --seed 42' };
const ESC = String.fromCharCode(27);

describe('renderTerminal', () => {
  it('writes no escape codes under NO_COLOR, even on a TTY', () => {
    const out = renderTerminal({ config, results }, { env: { NO_COLOR: '1' }, isTTY: true });
    expect(out).not.toContain(ESC);
  });
  it('writes no escape codes when not a TTY', () => {
    const out = renderTerminal({ config, results }, { env: {}, isTTY: false });
    expect(out).not.toContain(ESC);
  });
  it('colours a TTY without NO_COLOR', () => {
    expect(renderTerminal({ config, results }, { env: {}, isTTY: true })).toContain(ESC);
  });
  it('has one line per checker with its verdict and anomaly count', () => {
    const out = renderTerminal({ config, results }, { color: false });
    expect(out).toMatch(/✗ read-your-writes\s+INVALID\s+4 anomalies/);
    expect(out).toMatch(/✓ monotonic-reads\s+valid\s+0 anomalies/);
    expect(out).toMatch(/\? linearizable\s+unknown\s+0 anomalies\s+\(budget exhausted\)/);
  });
  it('shows the first three explanations, then how many more', () => {
    const out = renderTerminal({ config, results }, { color: false });
    expect(out).toContain('stale-read: process 4 wrote 7 to k1 then read 5');
    expect(out).toContain('third');
    expect(out).not.toContain('fourth');
    expect(out).toContain('… and 1 more');
  });
  it('ends with the overall verdict, the seed and the repeat command', () => {
    const lines = renderTerminal({ config, results }, { color: false }).trimEnd().split('\n');
    expect(lines.slice(-3)).toEqual([
      'INVALID: 4 anomalies',
      'seed 42',
      'repeat: npx splitbrain run --seed 42',
    ]);
  });
  it('shows escape sequences from history text instead of sending them to the terminal', () => {
    const hostile = buildResults({
      c: {
        valid: false,
        anomalies: [{ kind: 'x', ops: [], explanation: `a${ESC}[2Jb` }],
        stats: {},
      },
    });
    const out = renderTerminal({ config: {}, results: hostile }, { color: false });
    expect(out).not.toContain(ESC);
    expect(out).toContain('a\\x1b[2Jb');
  });
  it('counts the anomalies a checker found but did not list (stats.anomalies)', () => {
    const capped = buildResults({
      c: {
        valid: false,
        anomalies: [{ kind: 'k', ops: [1], explanation: 'one' }],
        stats: { anomalies: 132 },
      },
    });
    const out = renderTerminal({ config: {}, results: capped }, { color: false });
    expect(out).toMatch(/c\s+INVALID\s+132 anomalies \(1 listed\)/);
    expect(out).toContain('… and 131 more');
    expect(out).toContain('INVALID: 132 anomalies');
  });

  it('shows the warnings of the config under the title, and nothing without them', () => {
    const warned = { ...config, warnings: ['semi-sync 1 of 4 can lose acknowledged writes'] };
    const out = renderTerminal({ config: warned, results }, { color: false });
    expect(out.split('\n')[1]).toBe('  WARNING: semi-sync 1 of 4 can lose acknowledged writes');
    expect(renderTerminal({ config, results }, { color: false })).not.toContain('WARNING');
  });

  it('renders a config with no fields at all', () => {
    const out = renderTerminal({ config: {}, results: buildResults({}) }, { color: false });
    expect(out).toContain('no checker results');
  });
});

describe('wantsColor', () => {
  it('follows no-color.org: an empty NO_COLOR does not disable colour', () => {
    expect(wantsColor({ NO_COLOR: '' }, true)).toBe(true);
    expect(wantsColor({ TERM: 'dumb' }, true)).toBe(false);
    expect(wantsColor({ FORCE_COLOR: '1' }, false)).toBe(true);
  });
});
