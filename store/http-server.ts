// The client API over HTTP/1.1 JSON (shapes in protocol.ts). Validates
// requests, calls the core, maps outcomes to status codes.
import http from 'node:http';
import type { ErrorReply, Value } from './protocol.ts';
import type { StoreNode, ReadQuery } from './node.ts';
import type { Refusal } from './outcomes.ts';

const MAX_BODY_BYTES = 4 * 1024 * 1024;
/** Longest a read may ask to wait for its position. */
const MAX_WAIT_MS = 60_000;

class BadRequest extends Error {}

function statusFor(r: Refusal): number {
  switch (r.error) {
    case 'bad-request':
      return 400;
    case 'timeout':
      return 504;
    default:
      return 503;
  }
}

function isObj(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function isValue(x: unknown, depth = 0): x is Value {
  if (depth > 64) return false;
  if (x === null || typeof x === 'boolean' || typeof x === 'string') return true;
  if (typeof x === 'number') return Number.isFinite(x);
  if (Array.isArray(x)) return x.every((v) => isValue(v, depth + 1));
  return isObj(x) && Object.values(x).every((v) => isValue(v, depth + 1));
}

function parseWrite(body: unknown): { key: string; value: Value } {
  if (!isObj(body))
    throw new BadRequest('body must be a JSON object {"key": string, "value": any JSON}');
  if (typeof body.key !== 'string' || body.key === '')
    throw new BadRequest('"key" must be a non-empty string');
  if (!('value' in body) || !isValue(body.value))
    throw new BadRequest('"value" must be present and be JSON (null allowed)');
  return { key: body.key, value: body.value };
}

function optNat(
  body: Record<string, unknown>,
  name: string,
  max = Number.MAX_SAFE_INTEGER,
): number | undefined {
  const v = body[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > max) {
    throw new BadRequest(
      `"${name}" must be an integer between 0 and ${max}, got ${JSON.stringify(v)}`,
    );
  }
  return v;
}

function parseRead(body: unknown): ReadQuery {
  if (!isObj(body))
    throw new BadRequest(
      'body must be a JSON object {"keys": [string, ...], "minLsn"?, "minLsns"?, "waitMs"?, "leader"?}',
    );
  const keys = body.keys;
  if (!Array.isArray(keys) || keys.length === 0 || !keys.every((k) => typeof k === 'string')) {
    throw new BadRequest('"keys" must be a non-empty array of strings');
  }
  const minLsn = optNat(body, 'minLsn');
  const waitMs = optNat(body, 'waitMs', MAX_WAIT_MS);
  let minLsns: Record<string, number> | undefined;
  if (body.minLsns !== undefined) {
    const m = body.minLsns;
    if (
      !isObj(m) ||
      !Object.values(m).every((v) => typeof v === 'number' && Number.isInteger(v) && v >= 0)
    ) {
      throw new BadRequest('"minLsns" must be an object of shard -> non-negative integer LSN');
    }
    minLsns = m as Record<string, number>;
  }
  const leader = body.leader;
  if (leader !== undefined && typeof leader !== 'boolean')
    throw new BadRequest(`"leader" must be true or false, got ${JSON.stringify(leader)}`);
  return { keys: keys as string[], minLsn, waitMs, minLsns, ...(leader ? { leader } : {}) };
}

async function readBody(req: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const b = chunk as Buffer;
    size += b.length;
    if (size > MAX_BODY_BYTES) throw new BadRequest(`body larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(b);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') throw new BadRequest('empty body; send a JSON object');
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new BadRequest(`body is not valid JSON: ${(err as Error).message}`);
  }
}

/** Handles one request; never throws (every failure becomes a JSON error reply). */
async function route(node: StoreNode, req: http.IncomingMessage): Promise<[number, unknown]> {
  const id = node.cfg.self;
  const error = (status: number, error: string, message: string): [number, ErrorReply] => [
    status,
    { ok: false, node: id, error, definite: true, message },
  ];
  const refusal = (r: Refusal): [number, ErrorReply] => [statusFor(r), { ...r, node: id }];
  const url = (req.url ?? '/').split('?')[0];
  const method = req.method ?? 'GET';
  const known: Record<string, string> = {
    '/write': 'POST',
    '/read': 'POST',
    '/status': 'GET',
    '/clock': 'POST',
  };
  const want = url ? known[url] : undefined;
  if (!want)
    return error(
      404,
      'not-found',
      `no endpoint ${url}; use POST /write, POST /read, GET /status, POST /clock`,
    );
  if (method !== want) return error(405, 'bad-request', `${url} takes ${want}, got ${method}`);
  try {
    if (url === '/status') return [200, node.status()];
    const body = await readBody(req);
    if (url === '/write') {
      const { key, value } = parseWrite(body);
      const r = await node.write(key, value);
      return r.ok
        ? [200, { ok: true, node: id, lsn: r.lsn, term: r.term, shard: r.shard }]
        : refusal(r);
    }
    if (url === '/read') {
      const r = await node.read(parseRead(body));
      return r.ok ? [200, r] : refusal(r);
    }
    if (!isObj(body) || typeof body.offsetMs !== 'number' || !Number.isFinite(body.offsetMs)) {
      throw new BadRequest('body must be {"offsetMs": number}');
    }
    node.setClockOffset(body.offsetMs);
    return [200, { ok: true, node: id, clockOffsetMs: body.offsetMs }];
  } catch (err) {
    if (err instanceof BadRequest) return error(400, 'bad-request', err.message);
    return [500, { ok: false, node: id, error: 'internal', definite: false, message: String(err) }];
  }
}

export function createHttpServer(node: StoreNode): http.Server {
  const server = http.createServer((req, res) => {
    void route(node, req).then(([status, body]) => {
      const text = JSON.stringify(body);
      res.writeHead(status, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(text),
      });
      res.end(text);
    });
  });
  server.keepAliveTimeout = 30_000;
  return server;
}
