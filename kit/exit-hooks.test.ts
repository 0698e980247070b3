import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';

const CONTROLLER = join(import.meta.dirname, 'fixtures', 'exit-hooks-controller.ts');

/** Runs the fixture controller; for the signal modes, sends SIGINT once it waits. */
async function end(mode: 'exit' | 'sigint' | 'handled') {
  const child = execa(process.execPath, ['--import', 'tsx', CONTROLLER, mode], { reject: false });
  if (mode !== 'exit') {
    await new Promise<void>((resolve) =>
      child.stdout.on('data', (c: Buffer) => c.toString().includes('waiting') && resolve()),
    );
    child.kill('SIGINT');
  }
  const r = await child;
  return { lines: r.stdout.split('\n').filter((l) => l !== 'waiting'), signal: r.signal ?? null };
}

describe('controller exit hooks', () => {
  it('run every registered task on exit, past one that throws', async () => {
    expect(await end('exit')).toEqual({ lines: ['local cleaned', 'docker cleaned'], signal: null });
  });

  it('run every task on a SIGINT nobody handles, then end by that signal', async () => {
    expect(await end('sigint')).toEqual({
      lines: ['local cleaned', 'docker cleaned'],
      signal: 'SIGINT',
    });
  });

  it('leave a handled SIGINT to its handler, and run once that handler exits', async () => {
    expect(await end('handled')).toEqual({
      lines: ['handler ran', 'local cleaned', 'docker cleaned'],
      signal: null,
    });
  });
});
