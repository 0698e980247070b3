import { describe, expect, it } from 'vitest';
import { checkProgress, PROGRESS_MIN_BYTES } from './check-progress.ts';

const MIB = 1024 * 1024;

describe('splitbrain check progress', () => {
  it('shows ops checked and MiB read on a TTY for a large file, then a last line', () => {
    let out = '';
    let now = 0;
    const p = checkProgress({
      fileBytes: 40 * MIB,
      isTTY: true,
      write: (t) => (out += t),
      nowMs: () => (now += 1000),
    })!;
    for (let ops = 1; ops <= 8192; ops++) p.onRead(ops, ops * 2560);
    p.finish();
    // 8,192 ops of 2,560 characters: 20 MiB of 40, halfway, so as long again to go.
    expect(out).toContain('8,192 ops checked · MiB read 20 of 40');
    // Redrawn in place: carriage return and erase-line before each status.
    expect(out.startsWith('\r\u001b[2K')).toBe(true);
    expect(out).toMatch(/elapsed, ~0:0\d left/);
    expect(out.endsWith('read 8,192 ops (40 MiB)\n')).toBe(true);
  });

  it('stays silent for pipes, CI logs and small files', () => {
    const quiet = { write: () => {}, nowMs: () => 0 };
    expect(checkProgress({ ...quiet, fileBytes: 40 * MIB, isTTY: false })).toBeNull();
    expect(checkProgress({ ...quiet, fileBytes: PROGRESS_MIN_BYTES - 1, isTTY: true })).toBeNull();
  });
});
