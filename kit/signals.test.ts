import { spawn } from 'node:child_process';
import { describe, expect, it, onTestFinished } from 'vitest';
import { procState, sendSignal, settlesWithin } from './signals.ts';

describe('sendSignal', () => {
  it('signals a live process, and says false for one that is gone or absent', async () => {
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)']);
    const exited = new Promise<NodeJS.Signals | null>((r) => child.once('exit', (_c, s) => r(s)));
    expect(sendSignal(child.pid!, 'SIGKILL')).toBe(true);
    expect(await exited).toBe('SIGKILL');
    expect(sendSignal(child.pid!, 'SIGKILL')).toBe(false);
    expect(sendSignal(null, 'SIGKILL')).toBe(false);
  });

  it('signals the whole group a detached child leads', async () => {
    // The leader starts a grandchild in its group and prints its pid.
    const script =
      "const c=require('child_process').spawn(process.execPath,['-e','setInterval(()=>{},1000)'],{stdio:'ignore'});console.log(c.pid);setInterval(()=>{},1000)";
    const leader = spawn(process.execPath, ['-e', script], { detached: true });
    const grandchild = await new Promise<number>((r) =>
      leader.stdout.once('data', (c: Buffer) => r(Number(c.toString().trim()))),
    );
    onTestFinished(() => {
      // Should the group signal not reach it, the grandchild must not outlive the test.
      sendSignal(grandchild, 'SIGKILL');
    });
    expect(sendSignal(leader.pid!, 'SIGKILL', true)).toBe(true);
    await new Promise((r) => leader.once('exit', r));
    // The grandchild got the same SIGKILL: dead, or a zombie nobody has reaped yet.
    const gone = () => [null, 'Z', 'X'].includes(procState(grandchild));
    for (let i = 0; i < 100 && !gone(); i++) await new Promise((r) => setTimeout(r, 10));
    expect(procState(grandchild) ?? 'gone').toMatch(/^(gone|Z|X)$/);
  });
});

describe('settlesWithin', () => {
  it('says whether a promise settles (resolved or rejected) in time', async () => {
    expect(await settlesWithin(Promise.resolve(), 50)).toBe(true);
    expect(await settlesWithin(Promise.reject(new Error('x')), 50)).toBe(true);
    expect(await settlesWithin(new Promise(() => {}), 20)).toBe(false);
  });
});
