// The client-facing side of --mode multi-leader: its write options (a set
// operation; the version a write supersedes), no read options, and its
// status fields beside the core's envelope.
import { isJsonObject, type RequestOptions } from '../../protocol.ts';
import type { Parsed } from '../mode.ts';
import type { WriteOptions } from './keys.ts';
import type { PeerBacklog } from './outbox.ts';
import { isVV } from './version-vector.ts';

const WRITE_OPTIONS = ['op', 'context'];

const no = (message: string): { ok: false; message: string } => ({ ok: false, message });

/** Multi-leader reads take no options: a node serves what it holds. */
export function parseReadOptions(raw: RequestOptions): Parsed<Record<string, never>> {
  const unknown = Object.keys(raw);
  if (unknown.length === 0) return { ok: true, value: {} };
  return no(
    `unknown read option ${unknown.map((k) => `"${k}"`).join(', ')}; --mode multi-leader takes {"keys"} only`,
  );
}

/**
 * `op`: "add" or "remove" the value as one element of the set under the key.
 * `context`: a version a read returned (`{"vv": {...}}`); the write
 * supersedes exactly what that version covers, and stays a sibling of the
 * rest. Without it a write supersedes everything the taking node holds.
 */
export function parseWriteOptions(raw: RequestOptions): Parsed<WriteOptions> {
  const unknown = Object.keys(raw).filter((k) => !WRITE_OPTIONS.includes(k));
  if (unknown.length > 0)
    return no(
      `unknown write option ${unknown.map((k) => `"${k}"`).join(', ')} for --mode multi-leader; known: ${WRITE_OPTIONS.join(', ')}`,
    );
  const { op, context } = raw;
  if (op !== undefined && op !== 'add' && op !== 'remove')
    return no(`"op" must be "add" or "remove", got ${JSON.stringify(op)}`);
  if (context !== undefined && !(isJsonObject(context) && isVV(context.vv)))
    return no(
      `"context" must be a version a read returned, {"vv": {node: count}}, got ${JSON.stringify(context)}`,
    );
  return {
    ok: true,
    value: {
      ...(op !== undefined ? { op } : {}),
      ...(context !== undefined ? { context: (context as { vv: Record<string, number> }).vv } : {}),
    },
  };
}

/** GET /status fields of a multi-leader node. */
export type MultiLeaderStatus = {
  readonly topology: string;
  readonly hub: string | null;
  readonly conflicts: string;
  /** Changes this node took itself. */
  readonly seq: number;
  /** Changes in its log: its own and those it applied from peers. */
  readonly changes: number;
  /** Per peer it sends to: changes that peer has not acknowledged yet. */
  readonly pending: Readonly<Record<string, PeerBacklog>>;
};
