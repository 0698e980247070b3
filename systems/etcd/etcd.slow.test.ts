// etcd end to end: a real 3-member Raft cluster, partitions through the
// per-link demux, the register workload judged by the linearizability
// checker.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitGrudge } from '../../core/cluster.ts';
import { resolveRunConfig } from '../../harness/config.ts';
import { executeRun } from '../../harness/execute.ts';
import { createRng } from '../../core/rng.ts';
import { etcdClients, gateway, type EtcdReadMode } from './client.ts';
import { etcdMemberId } from './demux.ts';
import { etcdLauncher } from './launcher.ts';
import { etcdLeader } from './probes.ts';
import { etcd } from './index.ts';
import { have as haveServer, serverCluster } from '../testing/server-cluster.ts';
import { Scenario } from '../testing/scenario.ts';
import type { ServerCluster } from '../../local/index.ts';

const have = haveServer(etcd);
const LIN = 'linearizable-register';

describe.skipIf(!have.installed)(`etcd target (${have.detail})`, () => {
  let dir: string;
  let cluster: ServerCluster;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'splitbrain-etcd-test-'));
    cluster = await serverCluster(etcdLauncher(), dir);
  });

  afterAll(async () => {
    await cluster?.down();
    rmSync(dir, { recursive: true, force: true });
  });

  const open = (readMode: EtcdReadMode, process: number) =>
    etcdClients({ readFrom: 'any', readMode, rng: createRng(1) }, 'register').open(
      process,
      cluster.nodes,
    );

  it('routes peer traffic by member id: the ids we compute are the ones etcd uses', async () => {
    const out = await gateway(cluster.nodes[0]!, '/v3/cluster/member/list', {});
    expect(out.kind).toBe('ok');
    if (out.kind !== 'ok') return;
    const members = out.body.members as { ID: string; name: string; peerURLs: string[] }[];
    const token = `splitbrain-${cluster.context().tmpDir.split('/').pop()}`;
    for (const m of members) {
      expect(BigInt(m.ID).toString(16)).toBe(etcdMemberId(m.peerURLs, token));
    }
    // Raft traffic really flows through the link proxies.
    expect(
      cluster.proxy('n2', 'n1').stats.forwardBytes + cluster.proxy('n1', 'n2').stats.forwardBytes,
    ).toBeGreaterThan(0);
  });

  /**
   * Who writes and who is cut off: the writer is the Raft leader, the cut-off
   * member another one. Cutting off the leader itself would stall writes for
   * an election, which is not what these tests are about.
   */
  async function roles(): Promise<{ leader: string; cut: string; grudge: string[][] }> {
    let leader: string | null = null;
    await expect
      .poll(async () => (leader = await etcdLeader(cluster)), { timeout: 20_000 })
      .not.toBeNull();
    const ids = cluster.nodes.map((n) => n.id);
    const cut = ids.find((id) => id !== leader)!;
    return { leader: leader!, cut, grudge: [ids.filter((id) => id !== cut), [cut]] };
  }

  it('serializable reads on a cut-off member are stale: not linearizable', async () => {
    const s = new Scenario(3000);
    const [w, r] = await Promise.all([open('serializable', 0), open('serializable', 1)]);
    const { leader, cut, grudge } = await roles();
    try {
      // The first write after start-up can outlast the op timeout (a leader
      // change right after the cluster reports healthy): retry it; an info
      // write of the same value changes nothing the check relies on.
      await expect
        .poll(async () => (await s.op(w, 0, 'write', 1, leader)).type, { timeout: 20_000 })
        .toBe('ok');
      await expect.poll(async () => (await s.op(r, 1, 'read', null, cut)).value).toBe(1);
      await cluster.partition(splitGrudge(grudge));
      expect((await s.op(w, 0, 'write', 2, leader)).type).toBe('ok');
      // The cut-off member answers from its own state, which cannot hear of write 2.
      expect(await s.op(r, 1, 'read', null, cut)).toMatchObject({ type: 'ok', value: 1 });
      expect(s.check([LIN])[LIN]!.valid, s.dump()).toBe(false);
    } finally {
      await cluster.heal();
    }
  });

  it('linearizable reads on a cut-off member fail instead of answering stale', async () => {
    const s = new Scenario(3000);
    const [w, r] = await Promise.all([open('linearizable', 2), open('linearizable', 3)]);
    const { leader, cut, grudge } = await roles();
    try {
      await cluster.partition(splitGrudge(grudge));
      expect((await s.op(w, 2, 'write', 3, leader)).type).toBe('ok');
      expect((await s.op(r, 3, 'read', null, cut)).type).toBe('fail');
      expect(s.check([LIN])[LIN]!.valid, s.dump()).toBe(true);
    } finally {
      await cluster.heal();
    }
  });
});

describe.skipIf(!have.installed)('etcd register run with partitions and kills', () => {
  it('is linearizable with linearizable reads', async () => {
    const out = mkdtempSync(join(tmpdir(), 'splitbrain-etcd-run-'));
    try {
      const config = resolveRunConfig(
        {
          system: 'etcd',
          workload: 'register',
          readFrom: 'any',
          nemesis: 'partition,kill',
          nemesisInterval: 2,
          timeLimit: 12,
          rate: 20,
          out,
          test: 'etcd-register',
        },
        11,
      );
      const outcome = await executeRun(config, { log: () => {} });
      const history = readFileSync(join(outcome.runDir, 'history.jsonl'), 'utf8');
      const faults = history.split('\n').filter((l) => l.includes('"process":"nemesis"'));
      expect(faults.some((l) => l.includes('kill'))).toBe(true);
      expect(faults.some((l) => l.includes('partition'))).toBe(true);
      const lin = outcome.results[LIN] as { valid: unknown; stats: Record<string, unknown> };
      expect(lin.valid, JSON.stringify(lin)).toBe(true);
      expect(outcome.exitCode).toBe(0);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 120_000);
});
