// HTTP/1.1 JSON calls to one node of our store, with outcomes classified the
// way a history needs them: definitely not delivered, answered, or unknown.
import type { NodeInfo } from '../../core/cluster.ts';
import { Http1Pool, type Http1Reply } from './http1.ts';
import type {
  ErrorReply,
  ReadReply,
  ReadRequest,
  WriteReply,
  WriteRequest,
} from '../../store/protocol.ts';
import { isJsonObject, type StatusEnvelope } from '../../store/protocol.ts';
import {
  isSingleLeaderStatus,
  type StatusReply,
} from '../../store/replication/single-leader/protocol.ts';

/** A node's /status: the core's envelope, the mode's own fields beside it. */
export type NodeStatus = StatusEnvelope;

/** Whether a node's status is a single-leader node's, with its shards and roles. */
export const isSingleLeader = (s: NodeStatus): s is StatusReply =>
  isSingleLeaderStatus(s as unknown as Readonly<Record<string, never>>);

export type CallOutcome<T> =
  | { readonly kind: 'reply'; readonly status: number; readonly body: T | ErrorReply }
  /** The request certainly never reached the node (connection refused). */
  | { readonly kind: 'unsent'; readonly error: string }
  /** It may have reached the node: timeout, reset, or a garbled answer. */
  | { readonly kind: 'unknown'; readonly error: string };

const UNSENT_CODES = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * One keep-alive pool for every node: a session reuses its connection op
 * after op. Neither fetch nor node:http: their per-request objects and
 * listeners cost the controller more CPU than the node spent answering.
 */
const pool = new Http1Pool();

function errorCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/** One request; resolves with status and body text, rejects with the socket's error. */
function roundTrip(
  node: NodeInfo,
  path: string,
  payload: string | undefined,
  signal: AbortSignal,
): Promise<Http1Reply> {
  return pool.request({
    host: node.host,
    port: node.port,
    path,
    method: payload === undefined ? 'GET' : 'POST',
    ...(payload === undefined ? {} : { body: payload }),
    signal,
  });
}

export async function callNode<T>(
  node: NodeInfo,
  path: string,
  body: unknown,
  signal: AbortSignal,
): Promise<CallOutcome<T>> {
  try {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const { status, text } = await roundTrip(node, path, payload, signal);
    try {
      return { kind: 'reply', status, body: JSON.parse(text) as T | ErrorReply };
    } catch {
      return {
        kind: 'unknown',
        error: `node ${node.id} answered ${status} with non-JSON: ${text.slice(0, 80)}`,
      };
    }
  } catch (err) {
    const code = errorCode(err);
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
export async function nodeStatus(node: NodeInfo, timeoutMs: number): Promise<NodeStatus | null> {
  const out = await callNode<NodeStatus>(
    node,
    '/status',
    undefined,
    AbortSignal.timeout(timeoutMs),
  );
  if (out.kind !== 'reply' || out.status !== 200 || isErrorReply(out.body)) return null;
  return isJsonObject(out.body) && typeof out.body.mode === 'string' ? out.body : null;
}

/**
 * How a client reaches a node of our store: over HTTP for real processes and
 * containers, or in-process for the simulation, with the same outcomes.
 */
export interface StoreApi {
  write(node: NodeInfo, req: WriteRequest, signal: AbortSignal): Promise<CallOutcome<WriteReply>>;
  read(node: NodeInfo, req: ReadRequest, signal: AbortSignal): Promise<CallOutcome<ReadReply>>;
  status(node: NodeInfo, timeoutMs: number): Promise<NodeStatus | null>;
}

export const httpStoreApi: StoreApi = {
  write: (node, req, signal) => callNode<WriteReply>(node, '/write', req, signal),
  read: (node, req, signal) => callNode<ReadReply>(node, '/read', req, signal),
  status: nodeStatus,
};
