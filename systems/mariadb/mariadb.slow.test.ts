// MariaDB primaries end to end: real mariadbd processes replicating through
// the link proxies, ops through the real client, verdicts from the same
// checkers as a run. Divergence and conflicts are forced (a write, then the
// final reads of every node; a partition cut while both sides write), not
// left to a random schedule.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../../core/client.ts';
import { realClock } from '../../core/clock.ts';
import { splitGrudge, type NodeInfo } from '../../core/cluster.ts';
import { createRng } from '../../core/rng.ts';
import type { ServerCluster } from '../../local/index.ts';
import { Scenario } from '../testing/scenario.ts';
import { have as haveServer, serverCluster } from '../testing/server-cluster.ts';
import { mariaClients } from './client.ts';
import { mariadb } from './index.ts';
import { mariadbLauncher } from './launcher.ts';
import type { BinlogFormat, SqlFunction } from './options.ts';
import { mariadbProbes } from './probes.ts';
import { linkStatus } from './replication.ts';
import { sqlQuery } from './sql.ts';

const have = haveServer(mariadb);
const mariadbQuiesce = (nodes: readonly NodeInfo[], timeoutMs: number) =>
  mariadbProbes(realClock()).quiesce(nodes, timeoutMs);
const QUIESCE_MS = 20_000;
const UP_MS = 90_000;

function suite(format: BinlogFormat, body: (get: () => ServerCluster) => void) {
  describe.skipIf(!have.installed)(`mariadb, binlog_format=${format} (${have.detail})`, () => {
    let dir: string;
    let cluster: ServerCluster;
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'splitbrain-mariadb-test-'));
      const launcher = mariadbLauncher({ topology: 'circular', binlogFormat: format });
      cluster = await serverCluster(launcher, dir, 2);
    }, UP_MS);
    afterAll(async () => {
      await cluster?.down();
      rmSync(dir, { recursive: true, force: true });
    });
    body(() => cluster);
  });
}

const open = (c: ServerCluster, process: number, functions: readonly SqlFunction[]) =>
  mariaClients({ readFrom: 'sticky', writeTo: 'sticky', functions, rng: createRng(1) }).open(
    process,
    c.nodes,
  );

const reads = (keys: readonly string[]) => keys.map((k) => ['r', k, null]);

/** Writes `key` = value on `node` as `process`. */
const writeOn = (s: Scenario, c: Client, p: number, key: string, v: number, node: string) =>
  s.op(c, p, 'write', [['w', key, v]], node);

/** Final reads of the keys from every node, as a run ends. */
async function finalReads(s: Scenario, c: Client, p: number, keys: readonly string[]) {
  for (const node of ['n1', 'n2']) {
    const r = await s.op(c, p, 'final-read', reads(keys), node);
    expect(r.type, s.dump()).toBe('ok');
  }
}

/** Both nodes write `key` while cut off from each other; then the cut heals. */
async function conflict(cluster: ServerCluster, s: Scenario, c: Client, p: number, key: string) {
  await cluster.partition(splitGrudge([['n1'], ['n2']]));
  try {
    expect(await writeOn(s, c, p, key, 1, 'n1')).toMatchObject({ type: 'ok', node: 'n1' });
    expect(await writeOn(s, c, p, key, 2, 'n2')).toMatchObject({ type: 'ok', node: 'n2' });
  } finally {
    await cluster.heal();
  }
}

async function sqlErrnos(cluster: ServerCluster): Promise<number[]> {
  const out: number[] = [];
  for (const n of cluster.nodes) {
    const rows = await sqlQuery(n, 'SHOW ALL SLAVES STATUS');
    out.push(...rows.map(linkStatus).map((l) => l.sqlErrno));
  }
  return out;
}

/** Polls the appliers' last errors until they are `want` (or 20 s pass); returns the last seen. */
async function waitErrnos(cluster: ServerCluster, want: number[]): Promise<number[]> {
  let seen: number[] = [];
  for (let i = 0; i < 100; i++) {
    seen = await sqlErrnos(cluster);
    if (JSON.stringify(seen) === JSON.stringify(want)) break;
    await sleep(200);
  }
  return seen;
}

suite('statement', (get) => {
  it('UUID() and SYSDATE() are evaluated again on the replica: convergence names the key and both values', async () => {
    const s = new Scenario(5000);
    const c = await open(get(), 0, ['uuid', 'sysdate', 'now', 'rand']);
    try {
      expect((await writeOn(s, c, 0, 'k0', 1, 'n1')).type).toBe('ok');
      expect(await mariadbQuiesce(get().nodes, QUIESCE_MS)).toBe(true);
      await finalReads(s, c, 0, ['k0']);
      const conv = s.check(['convergence']).convergence!;
      expect(conv.valid, s.dump()).toBe(false);
      expect(conv.anomalies[0]!.kind).toBe('divergent-values');
      console.log(`statement binlog: ${conv.anomalies[0]!.explanation}`);
      expect(conv.anomalies[0]!.explanation).toMatch(/n1 and n2 hold different values for k0/);
      const [a, b] = s.ops.filter((o) => o.type === 'ok' && o.f === 'final-read');
      const on1 = (a!.stored as Record<string, Record<string, unknown>>).k0!;
      const on2 = (b!.stored as Record<string, Record<string, unknown>>).k0!;
      expect(on1.uuid).not.toBe(on2.uuid);
      expect(on1.sysdate).not.toBe(on2.sysdate);
      // The binlog carries the statement's timestamp and RAND()'s seed.
      expect(on1.now).toBe(on2.now);
      expect(on1.rand).toBe(on2.rand);
    } finally {
      await c.close();
    }
  });

  it('NOW() and RAND() alone replicate as the primary computed them: converged', async () => {
    const s = new Scenario(5000);
    const c = await open(get(), 1, ['now', 'rand']);
    try {
      expect((await writeOn(s, c, 1, 'k1', 1, 'n2')).type).toBe('ok');
      expect(await mariadbQuiesce(get().nodes, QUIESCE_MS)).toBe(true);
      await finalReads(s, c, 1, ['k1']);
      expect(s.check(['convergence']).convergence!.valid, s.dump()).toBe(true);
    } finally {
      await c.close();
    }
  });

  it('conflicting writes under a partition: each node applies the other last, so they swap values silently', async () => {
    const cluster = get();
    const s = new Scenario(5000);
    const c = await open(cluster, 2, []);
    try {
      await conflict(cluster, s, c, 2, 'k2');
      expect(await mariadbQuiesce(cluster.nodes, QUIESCE_MS)).toBe(true);
      expect(await sqlErrnos(cluster)).toEqual([0, 0]);
      // The session wrote 2 last (on n2) and reads n2 back.
      expect(await s.read(c, 2, ['k2'], 'n2')).toMatchObject({ value: [['r', 'k2', 1]] });
      await finalReads(s, c, 2, ['k2']);
      const res = s.check(['convergence', 'read-your-writes']);
      expect(res.convergence!.valid, s.dump()).toBe(false);
      expect(res.convergence!.anomalies[0]!.explanation).toMatch(
        /n1 \(op \d+, at [\d.]+ s\) returned 2, n2 \(op \d+, at [\d.]+ s\) returned 1/,
      );
      expect(res['read-your-writes']!.valid).toBe(false);
    } finally {
      await c.close();
    }
  });
});

suite('row', (get) => {
  it('every function replicates as a row image: converged', async () => {
    const s = new Scenario(5000);
    const c = await open(get(), 0, ['uuid', 'sysdate', 'now', 'rand']);
    try {
      expect((await writeOn(s, c, 0, 'k0', 1, 'n1')).type).toBe('ok');
      expect((await writeOn(s, c, 0, 'k0', 2, 'n2')).type).toBe('ok');
      expect(await mariadbQuiesce(get().nodes, QUIESCE_MS)).toBe(true);
      await finalReads(s, c, 0, ['k0']);
      expect(s.check(['convergence']).convergence!.valid, s.dump()).toBe(true);
    } finally {
      await c.close();
    }
  });

  it('conflicting updates under a partition swap values silently; conflicting inserts stop replication with 1062', async () => {
    const cluster = get();
    const s = new Scenario(5000);
    const c = await open(cluster, 1, []);
    try {
      // k1 exists on both before the cut: each side's change is an update.
      expect((await writeOn(s, c, 1, 'k1', 1, 'n1')).type).toBe('ok');
      expect(await mariadbQuiesce(cluster.nodes, QUIESCE_MS)).toBe(true);
      await cluster.partition(splitGrudge([['n1'], ['n2']]));
      expect((await writeOn(s, c, 1, 'k1', 2, 'n1')).type).toBe('ok');
      expect((await writeOn(s, c, 1, 'k1', 3, 'n2')).type).toBe('ok');
      await cluster.heal();
      expect(await mariadbQuiesce(cluster.nodes, QUIESCE_MS)).toBe(true);
      expect(await sqlErrnos(cluster)).toEqual([0, 0]);
      // k9 is new on both sides: each side's change is an insert.
      await conflict(cluster, s, c, 1, 'k9');
      expect(await mariadbQuiesce(cluster.nodes, QUIESCE_MS)).toBe(false);
      // Quiesce gives up at the first stopped applier; the other stops once the insert reaches it.
      expect(await waitErrnos(cluster, [1062, 1062])).toEqual([1062, 1062]);
      await finalReads(s, c, 1, ['k1', 'k9']);
      const conv = s.check(['convergence']).convergence!;
      expect(conv.valid, s.dump()).toBe(false);
      const text = conv.anomalies.map((a) => a.explanation).join('\n');
      console.log(`row binlog, conflicts: ${text}`);
      expect(text).toMatch(
        /on k1: n1 \(op \d+, at [\d.]+ s\) returned 3, n2 \(op \d+, at [\d.]+ s\) returned 2/,
      );
      expect(text).toMatch(
        /on k9: n1 \(op \d+, at [\d.]+ s\) returned 1, n2 \(op \d+, at [\d.]+ s\) returned 2/,
      );
    } finally {
      await c.close();
    }
  });
});
