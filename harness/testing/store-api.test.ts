import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NodeInfo } from '../../core/cluster.ts';
import { getStatus, nodeOf, postWrite } from './store-api.ts';

let server: Server;
let node: NodeInfo;
const seen: string[] = [];

beforeAll(async () => {
  // Answers like a store node: status, and writes of even values only.
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push(`${req.method} ${req.url} ${body}`);
      if (req.url === '/status') return res.end('{"lsn":7}');
      const { value } = JSON.parse(body) as { value: number };
      res.end(value % 2 === 0 ? '{"ok":true,"lsn":8}' : '{"ok":false,"error":"odd"}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  node = { id: 'n1', host: '127.0.0.1', port: typeof addr === 'object' && addr ? addr.port : 0 };
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('store API test helpers', () => {
  it('find a node by id, or name the ids there are', () => {
    expect(nodeOf({ nodes: [node] }, 'n1')).toBe(node);
    expect(() => nodeOf({ nodes: [node] }, 'n4')).toThrow('no node n4; nodes are n1');
  });

  it('read the status and post a write, returning refusals as answers', async () => {
    expect(await getStatus<{ lsn: number }>(node)).toEqual({ lsn: 7 });
    expect(await postWrite(node, 'k', 2)).toEqual({ ok: true, lsn: 8 });
    expect(await postWrite(node, 'k', 3)).toMatchObject({ ok: false });
    expect(seen).toEqual([
      'GET /status ',
      'POST /write {"key":"k","value":2}',
      'POST /write {"key":"k","value":3}',
    ]);
  });
});
