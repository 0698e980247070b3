// --mode multi-leader through `splitbrain run` on real processes (local
// backend: TCP between nodes through controllable proxies, libfaketime for
// clock skew where installed): the set workload with n1 forced into isolation
// for lww and merge, and lww with n1's whole process 10 s behind, which must
// be libfaketime's doing (the wall clock LWW stamps writes with), not only
// the store's own offset.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findFaketime } from '../../kit/faketime.ts';
import { acksByNode, checkerResult, finalReads, setRun } from './testing/multi-leader-runs.ts';

const out = mkdtempSync(join(tmpdir(), 'splitbrain-multi-leader-local-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const faketime = findFaketime();
if (faketime === null)
  console.log(
    '[skip] multi-leader lww under libfaketime: faketime is not installed (apt-get install faketime)',
  );

describe('multi-leader on local processes', () => {
  for (const [conflicts, valid] of [
    ['lww', false],
    ['merge', true],
  ] as const) {
    it(`${conflicts}, n1 isolated for 4 s: set checker ${valid ? 'valid' : 'finds lost adds'}, nodes converge`, async () => {
      const run = await setRun(out, `ml-local-${conflicts}`, {
        backend: 'local',
        conflicts,
        schedule: 'isolate-n1',
      });
      const acks = acksByNode(run.history);
      expect(acks.n1 ?? 0).toBeGreaterThan(20);
      expect((acks.n2 ?? 0) + (acks.n3 ?? 0)).toBeGreaterThan(20);
      const set = checkerResult(run, 'set');
      expect(set.valid).toBe(valid);
      if (!valid) expect(set.anomalies.map((a) => a.kind)).toContain('lost');
      const finals = Object.values(finalReads(run.history));
      expect(finals.length).toBe(3);
      for (const f of finals) expect(f).toEqual(finals[0]);
    }, 120_000);
  }

  it.skipIf(faketime === null)(
    'lww with n1 10 s behind under libfaketime: the adds n1 took are discarded',
    async () => {
      const run = await setRun(out, 'ml-local-lww-skew', {
        backend: 'local',
        conflicts: 'lww',
        schedule: 'skew-n1',
        extra: { clockVia: 'faketime' },
      });
      const bump = run.history.find((op) => op.f === 'bump-clock' && op.type === 'info');
      expect(JSON.stringify(bump?.value)).toContain('libfaketime');
      expect(checkerResult(run, 'set').valid).toBe(false);
      const kept = new Set(Object.values(finalReads(run.history)).flatMap((v) => v as number[]));
      const n1Adds = run.history.filter(
        (op) => op.f === 'add' && op.type === 'ok' && op.node === 'n1',
      );
      expect(n1Adds.length).toBeGreaterThan(20);
      // Nearly all: those n1 took before any other node's write reached it may survive.
      expect(n1Adds.filter((op) => !kept.has(op.value as number)).length).toBeGreaterThan(
        0.9 * n1Adds.length,
      );
    },
    120_000,
  );
});
