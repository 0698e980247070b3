// Three real store processes on loopback, peers dialing each other directly.
import { afterEach, describe, expect, it } from 'vitest';
import { execa, type ResultPromise } from 'execa';
import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import { freePort } from './testing/free-port.ts';

type Proc = ResultPromise<{ reject: false }>;

const procs = new Map<string, Proc>();
let dir = '';

interface NodePorts {
  client: number;
  peer: number;
}

function start(id: string, ports: Map<string, NodePorts>, extra: string[] = []): Promise<void> {
  const me = ports.get(id)!;
  const args = ['--import', 'tsx', 'store/main.ts', '--id', id, '--client-port', String(me.client)];
  args.push('--peer-port', String(me.peer), '--data-dir', path.join(dir, id), '--leader', 'n1');
  args.push('--heartbeat-ms', '50', ...extra);
  for (const [other, p] of ports)
    if (other !== id) args.push('--peer', `${other}=127.0.0.1:${p.peer}`);
  const proc = execa(process.execPath, args, {
    reject: false,
    cwd: path.resolve(import.meta.dirname, '..'),
  });
  procs.set(id, proc);
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout?.on('data', (b: Buffer) => {
      out += b.toString();
      if (out.includes(`ready ${id} `)) resolve();
    });
    void proc.then((r) => reject(new Error(`${id} exited early (${r.exitCode}): ${r.stderr}`)));
  });
}

function kill(id: string, signal: NodeJS.Signals): void {
  const p = procs.get(id);
  if (p?.pid !== undefined) {
    try {
      process.kill(p.pid, signal);
    } catch {
      // already gone
    }
  }
  procs.delete(id);
}

async function call(
  port: number,
  pathName: string,
  body?: unknown,
): Promise<Record<string, unknown>> {
  const res = await fetch(`http://127.0.0.1:${port}${pathName}`, {
    method: body === undefined ? 'GET' : 'POST',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return (await res.json()) as Record<string, unknown>;
}

async function eventually(cond: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The node every node names as leader, with the term they agree on; null while they differ. */
async function agreedLeader(ports: Map<string, NodePorts>): Promise<string | null> {
  const st = await Promise.all([...ports.values()].map((p) => call(p.client, '/status')));
  const leader = st.find((s) => s.role === 'leader');
  const agree = st.every((s) => s.term === leader?.term && (s.leader ?? s.id) === leader?.id);
  return agree ? String(leader!.id) : null;
}

/**
 * A write acknowledged by the leader, found through /status and redirects. A
 * definite refusal (no leader yet, an election) never applied, so it is tried
 * again; an indefinite one fails the test unless `probe` (a write whose value
 * nothing reads, sent to learn that every follower is connected).
 */
async function writeAcked(
  ports: Map<string, NodePorts>,
  body: { key: string; value: number },
  probe = false,
): Promise<Record<string, unknown>> {
  const end = Date.now() + 20_000;
  for (;;) {
    const leader = await agreedLeader(ports);
    if (leader !== null) {
      const r = await call(ports.get(leader)!.client, '/write', body);
      if (r.ok === true) return r;
      if (r.definite !== true && !probe) throw new Error(`write ${JSON.stringify(r)}`);
    }
    if (Date.now() > end) throw new Error(`no leader acknowledged ${JSON.stringify(body)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

afterEach(async () => {
  for (const [id, p] of [...procs]) {
    kill(id, 'SIGKILL');
    await p;
  }
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('store processes', () => {
  it('replicates to followers and a SIGKILLed follower catches up after restart', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'splitbrain-store-'));
    const ports = new Map<string, NodePorts>();
    for (const id of ['n1', 'n2', 'n3'])
      ports.set(id, { client: await freePort(), peer: await freePort() });
    await Promise.all(['n1', 'n2', 'n3'].map((id) => start(id, ports)));
    const n1 = ports.get('n1')!.client;
    const n3 = ports.get('n3')!.client;

    expect(await call(n1, '/write', { key: 'x', value: 1 })).toMatchObject({ ok: true, lsn: 1 });
    await eventually(
      async () =>
        (await call(n3, '/read', { keys: ['x'] })).values !== undefined &&
        ((await call(n3, '/read', { keys: ['x'] })).values as Record<string, unknown>).x === 1,
    );
    expect(await call(n3, '/write', { key: 'x', value: 2 })).toMatchObject({
      error: 'not-leader',
      kind: 'redirect',
      redirect: 'n1',
    });

    kill('n3', 'SIGKILL');
    for (let v = 2; v <= 20; v++) await call(n1, '/write', { key: 'x', value: v });
    await start('n3', ports);
    await eventually(async () => (await call(n3, '/status')).appliedLsn === 20);
    expect(await call(n3, '/read', { keys: ['x'] })).toMatchObject({
      values: { x: 20 },
      versions: { x: 20 },
    });
    const status = await call(n1, '/status');
    expect(status).toMatchObject({ role: 'leader', lsn: 20 });
  });

  it('fails over to a follower when the leader is SIGKILLed; the old leader rejoins as a follower', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'splitbrain-store-'));
    const ids = ['n1', 'n2', 'n3'];
    const ports = new Map<string, NodePorts>();
    for (const id of ids) ports.set(id, { client: await freePort(), peer: await freePort() });
    const extra = ['--replication', 'sync', '--failover-timeout-ms', '600'];
    await Promise.all(ids.map((id) => start(id, ports, extra)));
    const port = (id: string): number => ports.get(id)!.client;
    // Under load a follower may connect late, or an election may run before the
    // first write: a sync probe write acknowledged means every follower is in.
    await writeAcked(ports, { key: 'probe', value: 0 }, true);
    let last: Record<string, unknown> = {};
    for (let v = 1; v <= 5; v++) last = await writeAcked(ports, { key: 'x', value: v });
    const old = String(last.node);
    const lsn5 = Number(last.lsn);
    kill(old, 'SIGKILL');
    let leader = '';
    await eventually(async () => {
      for (const id of ids.filter((x) => x !== old)) {
        const s = await call(port(id), '/status');
        if (s.role === 'leader') leader = id;
      }
      return leader !== '';
    });
    // Sync: every acknowledged write survived; the new term starts with the leader's no-op.
    expect(await call(port(leader), '/read', { keys: ['x'] })).toMatchObject({ values: { x: 5 } });
    const w = await call(port(leader), '/write', { key: 'x', value: 6 });
    expect(w).toMatchObject({ ok: false, error: 'timeout', definite: false });
    await start(old, ports, extra);
    // It follows the new leader and holds all it applied: at least the new
    // term's no-op and the write of 6 after the write of 5.
    await eventually(async () => {
      const s = await call(port(old), '/status');
      const l = await call(port(leader), '/status');
      return (
        s.role === 'follower' &&
        s.leader === leader &&
        s.appliedLsn === l.appliedLsn &&
        Number(s.appliedLsn) >= lsn5 + 2
      );
    });
    expect(await call(port(old), '/read', { keys: ['x'] })).toMatchObject({ values: { x: 6 } });
    expect(await call(port(leader), '/write', { key: 'x', value: 7 })).toMatchObject({ ok: true });
  });
});
