// --mode multi-leader in containers (`splitbrain run --backend docker`): n1
// cut off by packet drops in the containers' network namespaces from the
// start of the load until the run heals everything, every node taking adds.
// lww loses acknowledged adds, merge none, and the nodes converge. Skipped,
// saying why, where no Docker engine answers or partitions cannot be made.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { announceSkip, engine, facts } from '../../docker/test-support.ts';
import { acksByNode, checkerResult, finalReads, setRun } from './testing/multi-leader-runs.ts';

const out = mkdtempSync(join(tmpdir(), 'splitbrain-multi-leader-docker-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const ready = engine.ok && facts.netnsBlocker === null;
announceSkip('multi-leader on Docker');

describe.skipIf(!ready)('multi-leader on the Docker backend, n1 isolated', () => {
  for (const [conflicts, valid] of [
    ['lww', false],
    ['merge', true],
  ] as const) {
    it(`${conflicts}: set checker ${valid ? 'valid' : 'finds lost adds'}, nodes converge`, async () => {
      const run = await setRun(out, `ml-docker-${conflicts}`, {
        backend: 'docker',
        conflicts,
        schedule: 'isolate-n1-until-heal',
      });
      const acks = acksByNode(run.history);
      expect(acks.n1 ?? 0).toBeGreaterThan(20);
      expect((acks.n2 ?? 0) + (acks.n3 ?? 0)).toBeGreaterThan(20);
      expect(checkerResult(run, 'set').valid).toBe(valid);
      const finals = Object.values(finalReads(run.history));
      expect(finals.length).toBe(3);
      for (const f of finals) expect(f).toEqual(finals[0]);
    }, 300_000);
  }
});
