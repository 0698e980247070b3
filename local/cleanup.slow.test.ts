// After any end of a controller — normal, error, SIGINT (with or without its
// own handler), even SIGKILL — no node process, paused process, proxy or
// skewed clock file remains.
import { mkdtempSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { reapOrphans } from './orphans.ts';
import { until } from '../harness/testing/until.ts';
import { alive } from '../harness/testing/alive.ts';

const CONTROLLER = join(import.meta.dirname, 'fixtures', 'controller.ts');

interface Leak {
  pids: number[];
  ports: number[];
  offsetFiles: string[];
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1', () => {
      // A connect to a free port can land on itself (simultaneous open): nobody listens.
      const self = s.localPort === port;
      s.destroy();
      resolve(!self);
    });
    s.on('error', () => resolve(false));
  });
}

const MODES = ['normal', 'error', 'sigint', 'graceful', 'sigkill', 'sigkill-paused'] as const;

describe('cleanup after the controller ends', () => {
  for (const mode of MODES) {
    it(`${mode}: no child, paused process, proxy or skewed clock remains`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'splitbrain-ctl-'));
      const ctl = execa(process.execPath, ['--import', 'tsx', CONTROLLER, dir, mode], {
        reject: false,
        buffer: false,
      });
      let out = '';
      const leak = await new Promise<Leak>((resolve, reject) => {
        ctl.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /leak (\{.*\})/.exec(out);
          if (m) resolve(JSON.parse(m[1]!) as Leak);
        });
        void ctl.then(() => reject(new Error(`controller ended before it printed: ${out}`)));
      });
      expect(leak.pids.length).toBe(2);
      if (mode === 'sigint' || mode === 'graceful') ctl.kill('SIGINT');
      if (mode.startsWith('sigkill')) ctl.kill('SIGKILL');
      const result = await ctl;
      if (mode === 'error') expect(result.exitCode).toBe(1);
      if (mode === 'sigkill-paused') {
        // The stopped node cannot notice; the next controller reaps it by pid and start
        // time. Whether it is still alive now is not asserted: a controller of another
        // test file starting a cluster meanwhile may already have reaped it.
        await until(() => {
          reapOrphans();
          return !alive(leak.pids[0]!);
        }, 3000);
      }
      // The watchdog needs a moment after a SIGKILL; everything else is gone at exit.
      await until(() => !leak.pids.some(alive), mode.startsWith('sigkill') ? 5000 : 500);
      for (const port of leak.ports) expect(await listening(port)).toBe(false);
      if (!mode.startsWith('sigkill')) {
        for (const f of leak.offsetFiles) expect(readFileSync(f, 'utf8').trim()).toBe('+0.000s');
      }
    });
  }
});
