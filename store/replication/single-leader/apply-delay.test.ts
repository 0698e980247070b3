// The delayed replica on the injected clock: a follower shows a write only
// once the write's timestamp plus its delay has passed, the leader at once.
import { describe, expect, it } from 'vitest';
import { applyDelayFor, dueLsn, parseApplyDelay, unknownDelayNodes } from './apply-delay.ts';
import { parseStoreOptions, StoreOptionsError } from '../../options.ts';
import { FlagReader } from '../../flags.ts';
import { parseOptions } from './options.ts';
import { simCluster } from './test-util.ts';

const IDS = ['n1', 'n2', 'n3'];

describe('--apply-delay-ms spec', () => {
  it('takes one delay for every node, or per-node delays (others 0)', () => {
    const all = parseApplyDelay('800');
    expect(IDS.map((id) => applyDelayFor(all, id))).toEqual([800, 800, 800]);
    const some = parseApplyDelay('n2=200, n3=800');
    expect(IDS.map((id) => applyDelayFor(some, id))).toEqual([0, 200, 800]);
    expect(unknownDelayNodes(parseApplyDelay('n4=1,n2=1'), IDS)).toEqual(['n4']);
  });

  it.each([
    ['-5', /the delay must be a whole number of ms from 0 to 3600000, got "-5"/],
    ['1.5', /got "1.5"/],
    ['', /got ""/],
    ['n3', /the delay must be a whole number/],
    ['n2=1,x', /"x" is not <node>=<ms>/],
    ['n2=fast', /the delay of n2 must be a whole number/],
    ['n2=1,n2=2', /node n2 given twice/],
  ])('rejects %j, saying how to write it', (spec, msg) => {
    expect(() => parseApplyDelay(spec)).toThrow(msg);
    expect(() => parseApplyDelay(spec)).toThrow(/n2=200,n3=800|give it once/);
  });

  it('the store resolves its own delay and rejects a node it does not know', () => {
    const argv = (id: string, spec: string): string[] => [
      ...['--id', id, '--client-port', '7001', '--peer-port', '8001', '--data-dir', '/tmp/x'],
      ...IDS.filter((x) => x !== id).flatMap((p) => ['--peer', `${p}=127.0.0.1:9000`]),
      ...['--apply-delay-ms', spec],
    ];
    const delayOf = (self: string, spec: string): number =>
      parseOptions(new FlagReader(new Map([['apply-delay-ms', [spec]]])), { self, nodes: IDS })
        .applyDelayMs;
    expect(delayOf('n3', 'n3=800')).toBe(800);
    expect(delayOf('n2', 'n3=800')).toBe(0);
    expect(parseStoreOptions(argv('n3', 'n3=800')).mode.name).toBe('single-leader');
    expect(() => parseStoreOptions(argv('n1', 'n9=800'))).toThrow(StoreOptionsError);
    expect(() => parseStoreOptions(argv('n1', 'n9=800'))).toThrow(
      /--apply-delay-ms names n9, not a node; known: n1, n2, n3/,
    );
    expect(() => parseStoreOptions(argv('n1', 'soon'))).toThrow(StoreOptionsError);
  });

  it('dueLsn stops at the first entry still held, in LSN order', () => {
    const ts = [100, 200, 150, 900];
    const log = { appliedLsn: 0, entry: (lsn: number) => ({ tsMs: ts[lsn - 1]! }) };
    expect(dueLsn(log, 4, 899, 800)).toBe(0);
    expect(dueLsn(log, 4, 1699, 800)).toBe(3);
    expect(dueLsn(log, 4, 1000, 800)).toBe(3);
    expect(dueLsn(log, 2, 5000, 800)).toBe(2);
    expect(dueLsn(log, 4, 0, 0)).toBe(4);
  });
});

describe('delayed replica (simulated cluster)', () => {
  it('a follower applies a write only once its timestamp + delay has passed on its clock', async () => {
    const c = simCluster(IDS, { applyDelayMs: 800 });
    await c.run(50);
    const t0 = c.world.nowMs;
    expect(await c.write('n1', 'k', 1)).toMatchObject({ ok: true, lsn: 1 });
    const read = async (id: string): Promise<unknown> =>
      ((await c.node(id).read({ keys: ['k'] })) as { values: Record<string, unknown> }).values.k;
    // The leader never delays itself; the followers hold the entry though they have it.
    expect(await read('n1')).toBe(1);
    await c.run(700);
    expect(c.node('n2').status()).toMatchObject({ lsn: 1, appliedLsn: 0 });
    expect(await read('n2')).toBeNull();
    await c.until(() => c.node('n2').status().appliedLsn === 1);
    const appliedAfterMs = c.world.nowMs - t0;
    expect(appliedAfterMs).toBeGreaterThanOrEqual(800);
    // Applied on the first tick once due (heartbeatMs 100).
    expect(appliedAfterMs).toBeLessThanOrEqual(800 + 100 + 10);
    expect(await read('n3')).toBe(1);
  });

  it('a read with an LSN token waits for the delayed replica rather than read stale', async () => {
    const c = simCluster(IDS, { applyDelayMs: 300 });
    const w = await c.write('n1', 'k', 7);
    expect(w).toMatchObject({ ok: true, lsn: 1 });
    const p = c.node('n2').read({ keys: ['k'], minLsn: 1, waitMs: 1000 });
    await c.run(400);
    expect(await p).toMatchObject({ ok: true, values: { k: 7 }, lsn: 1 });
    const refused = await c.node('n3').read({ keys: ['k'], minLsn: 2, waitMs: 0 });
    expect(refused).toMatchObject({ ok: false, error: 'behind', definite: true });
  });

  it('sync acknowledges only once the delayed followers applied (remote apply)', async () => {
    const c = simCluster(IDS, { replication: 'sync', applyDelayMs: 400 });
    const t0 = c.world.nowMs;
    expect(await c.write('n1', 'k', 1)).toMatchObject({ ok: true });
    expect(c.world.nowMs - t0).toBeGreaterThanOrEqual(400);
    for (const id of IDS) expect(c.node(id).status().appliedLsn).toBe(1);
  });
});
