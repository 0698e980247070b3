import { afterEach, describe, expect, it } from 'vitest';
import { oneNodeStore, type OneNode } from './testing/one-node.ts';

let node: OneNode | null = null;
afterEach(async () => {
  await node?.close();
  node = null;
});

describe('HTTP client API (one-node store in process)', () => {
  it('serves write, read, status and clock, and explains bad requests', async () => {
    node = await oneNodeStore([]);
    const port = node.port;
    const call = async (p: string, body?: string, method = 'POST') => {
      const res = await fetch(`http://127.0.0.1:${port}${p}`, { method, body });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    expect(await call('/write', '{"key":"a","value":{"x":[1,2]}}')).toEqual({
      status: 200,
      body: { ok: true, node: 'n1', version: 1, lsn: 1, term: 1, shard: 0 },
    });
    expect(await call('/read', '{"keys":["a","b"]}')).toMatchObject({
      status: 200,
      body: { values: { a: { x: [1, 2] }, b: null }, versions: { a: 1, b: 0 }, lsn: 1 },
    });
    expect(await call('/read', '{"keys":["a"],"minLsn":5}')).toMatchObject({
      status: 503,
      body: { ok: false, error: 'behind', kind: 'redirect', definite: true, redirect: 'n1' },
    });
    // One node with no failover leads alone: a leader read needs no one else.
    expect(await call('/read', '{"keys":["a"],"leader":true}')).toMatchObject({
      status: 200,
      body: { values: { a: { x: [1, 2] } } },
    });
    expect(await call('/clock', '{"offsetMs":-5000}')).toMatchObject({ status: 200 });
    const st = await call('/status', undefined, 'GET');
    expect(st.body).toMatchObject({
      id: 'n1',
      mode: 'single-leader',
      role: 'leader',
      clockOffsetMs: -5000,
      lsn: 1,
    });
    expect(st.body.clockMs).toEqual(expect.any(Number));

    for (const [p, body, msg] of [
      ['/write', 'nope', /not valid JSON/],
      ['/write', '{"value":1}', /"key" must be a non-empty string/],
      ['/write', '{"key":"k"}', /"value" must be present/],
      ['/read', '{"keys":"a"}', /"keys" must be a non-empty array/],
      ['/read', '{"keys":["a"],"waitMs":-1}', /"waitMs" must be an integer/],
      ['/read', '{"keys":["a"],"leader":"yes"}', /"leader" must be true or false, got "yes"/],
      // The mode validates its own options and names the ones it does not know.
      [
        '/read',
        '{"keys":["a"],"minLSN":3}',
        /unknown read option "minLSN" for --mode single-leader/,
      ],
      ['/write', '{"key":"k","value":1,"context":[]}', /unknown write field "context"/],
      ['/write', '{"key":"k","value":{"fn":"uuid"}}', /unknown function \{"fn":"uuid"\}/],
      ['/clock', '{}', /offsetMs/],
    ] as const) {
      const r = await call(p, body);
      expect(r.status, `${p} ${body}`).toBe(400);
      expect(r.body).toMatchObject({ ok: false, error: 'bad-request', definite: true });
      expect(String(r.body.message)).toMatch(msg);
    }
    expect((await call('/nope', '{}')).status).toBe(404);
    expect((await call('/write', undefined, 'GET')).status).toBe(405);
  });
});
