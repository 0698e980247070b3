// The client API over HTTP/1.1 JSON (shapes in protocol.ts). Validates what
// every mode shares (key, value, keys), hands the rest of a request to the
// node as the mode's options, and maps outcomes to status codes by their kind.
import http from 'node:http';
import type { ErrorReply, RequestOptions, Value } from './protocol.ts';
import { isJson, isJsonObject } from './protocol.ts';
import type { StoreNode } from './node.ts';
import { errorReply, httpStatus, readReply, writeReply } from './outcomes.ts';

const MAX_BODY_BYTES = 4 * 1024 * 1024;

class BadRequest extends Error {}

function parseWrite(body: unknown): { key: string; value: Value; options: RequestOptions } {
  if (!isJsonObject(body))
    throw new BadRequest('body must be a JSON object {"key": string, "value": any JSON}');
  const { key, value, ...options } = body;
  if (typeof key !== 'string' || key === '')
    throw new BadRequest('"key" must be a non-empty string');
  if (!('value' in body) || value === undefined || !isJson(value))
    throw new BadRequest('"value" must be present and be JSON (null allowed)');
  return { key, value, options };
}

function parseRead(body: unknown): { keys: string[]; options: RequestOptions } {
  if (!isJsonObject(body))
    throw new BadRequest(
      'body must be a JSON object {"keys": [string, ...]} plus the read options of the node\'s --mode',
    );
  const { keys, ...options } = body;
  if (!Array.isArray(keys) || keys.length === 0 || !keys.every((k) => typeof k === 'string')) {
    throw new BadRequest('"keys" must be a non-empty array of strings');
  }
  return { keys: keys as string[], options };
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

const ENDPOINTS: Record<string, string> = {
  '/write': 'POST',
  '/read': 'POST',
  '/status': 'GET',
  '/clock': 'POST',
};

/** Handles one request; never throws (every failure becomes a JSON error reply). */
async function route(node: StoreNode, req: http.IncomingMessage): Promise<[number, unknown]> {
  const id = node.id;
  const error = (status: number, error: string, message: string): [number, ErrorReply] => [
    status,
    { ok: false, node: id, error, definite: true, message },
  ];
  const url = (req.url ?? '/').split('?')[0];
  const method = req.method ?? 'GET';
  const want = url ? ENDPOINTS[url] : undefined;
  if (!want)
    return error(
      404,
      'not-found',
      `no endpoint ${url}; use POST /write, POST /read, GET /status, POST /clock`,
    );
  if (method !== want) return error(405, 'bad-request', `${url} takes ${want}, got ${method}`);
  try {
    if (url === '/status') return [200, await node.syncedStatus()];
    const body = await readBody(req);
    if (url === '/write') {
      const { key, value, options } = parseWrite(body);
      const r = await node.write(key, value, options);
      return r.ok ? [200, writeReply(id, r)] : [httpStatus(r), errorReply(id, r)];
    }
    if (url === '/read') {
      const { keys, options } = parseRead(body);
      const r = await node.read(keys, options);
      return r.ok ? [200, readReply(id, r)] : [httpStatus(r), errorReply(id, r)];
    }
    if (
      !isJsonObject(body) ||
      typeof body.offsetMs !== 'number' ||
      !Number.isFinite(body.offsetMs)
    ) {
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
