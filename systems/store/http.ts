// HTTP/1.1 JSON calls to one node of our store, with outcomes classified the
// way a history needs them: definitely not delivered, answered, or unknown.
import type { NodeInfo } from '../../core/cluster.ts';
import type {
  ErrorReply,
  ReadReply,
  ReadRequest,
  WriteReply,
  WriteRequest,
} from '../../store/protocol.ts';
import type { StatusReply } from '../../store/replication/single-leader/protocol.ts';

export type CallOutcome<T> =
  | { readonly kind: 'reply'; readonly status: number; readonly body: T | ErrorReply }
  /** The request certainly never reached the node (connection refused). */
  | { readonly kind: 'unsent'; readonly error: string }
  /** It may have reached the node: timeout, reset, or a garbled answer. */
  | { readonly kind: 'unknown'; readonly error: string };

const UNSENT_CODES = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH']);

function causeCode(err: unknown): string | undefined {
  const cause = (err as { cause?: { code?: unknown } }).cause;
  return typeof cause?.code === 'string' ? cause.code : undefined;
}

export function nodeUrl(node: NodeInfo, path: string): string {
  return `http://${node.host}:${node.port}${path}`;
}

export async function callNode<T>(
  node: NodeInfo,
  path: string,
  body: unknown,
  signal: AbortSignal,
): Promise<CallOutcome<T>> {
  try {
    const res = await fetch(nodeUrl(node, path), {
      method: body === undefined ? 'GET' : 'POST',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
    const text = await res.text();
    try {
      return { kind: 'reply', status: res.status, body: JSON.parse(text) as T | ErrorReply };
    } catch {
      return {
        kind: 'unknown',
        error: `node ${node.id} answered ${res.status} with non-JSON: ${text.slice(0, 80)}`,
      };
    }
  } catch (err) {
    const code = causeCode(err);
    if (code !== undefined && UNSENT_CODES.has(code)) {
      return { kind: 'unsent', error: `${code} from ${node.id}` };
    }
    if (signal.aborted) return { kind: 'unknown', error: 'timeout' };
    return { kind: 'unknown', error: `${code ?? (err as Error).message} from ${node.id}` };
  }
}

export function isErrorReply(body: unknown): body is ErrorReply {
  return typeof body === 'object' && body !== null && (body as { ok?: unknown }).ok === false;
}

/** GET /status with a short bound, or null when the node does not answer. */
export async function nodeStatus(node: NodeInfo, timeoutMs: number): Promise<StatusReply | null> {
  const out = await callNode<StatusReply>(
    node,
    '/status',
    undefined,
    AbortSignal.timeout(timeoutMs),
  );
  if (out.kind !== 'reply' || out.status !== 200 || isErrorReply(out.body)) return null;
  return out.body;
}

/**
 * How a client reaches a node of our store: over HTTP for real processes and
 * containers, or in-process for the simulation, with the same outcomes.
 */
export interface StoreApi {
  write(node: NodeInfo, req: WriteRequest, signal: AbortSignal): Promise<CallOutcome<WriteReply>>;
  read(node: NodeInfo, req: ReadRequest, signal: AbortSignal): Promise<CallOutcome<ReadReply>>;
  status(node: NodeInfo, timeoutMs: number): Promise<StatusReply | null>;
}

export const httpStoreApi: StoreApi = {
  write: (node, req, signal) => callNode<WriteReply>(node, '/write', req, signal),
  read: (node, req, signal) => callNode<ReadReply>(node, '/read', req, signal),
  status: nodeStatus,
};
