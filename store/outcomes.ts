// What a node answers a client, as a replication mode produces it, and the
// one mapping of those answers to HTTP replies and status codes (used by the
// HTTP server and, without HTTP, by the simulation backend).
import type {
  ErrorReply,
  Json,
  ReadReply,
  Sibling,
  Value,
  Version,
  WriteReply,
} from './protocol.ts';

/** The mode's own reply fields (e.g. single-leader's lsn, term, shard), sent beside the core's. */
export type ReplyFields = Readonly<Record<string, Json>>;

export interface WriteOk {
  readonly ok: true;
  readonly version: Version;
  readonly fields?: ReplyFields;
}

export interface ReadOk {
  readonly ok: true;
  readonly values: Readonly<Record<string, Value>>;
  readonly versions: Readonly<Record<string, Version>>;
  /** Keys with concurrent versions; their `values` entry is null. */
  readonly siblings?: Readonly<Record<string, readonly Sibling[]>>;
  readonly fields?: ReplyFields;
}

/**
 * How the core classes a refusal, whatever the mode calls it:
 * - bad-request (400): the request itself is wrong; definite.
 * - redirect (503): this node cannot serve it; `redirect` names one that may
 *   (null: none known yet, retry shortly).
 * - unavailable (503): cannot serve it now; retry.
 * - timeout (504): its condition did not hold in time; a write may still apply.
 */
export type RefusalKind = 'bad-request' | 'redirect' | 'unavailable' | 'timeout';

export interface Refusal {
  readonly ok: false;
  readonly kind: RefusalKind;
  /** The mode's name for it ("not-leader", "behind", ...): what a client records. */
  readonly error: string;
  /** True only when the request certainly did not and will not take effect. */
  readonly definite: boolean;
  /** A node to try instead (redirect); null when none is known yet. */
  readonly redirect?: string | null;
  readonly message: string;
}

export type WriteOutcome = WriteOk | Refusal;
export type ReadOutcome = ReadOk | Refusal;

export function badRequest(message: string): Refusal {
  return { ok: false, kind: 'bad-request', error: 'bad-request', definite: true, message };
}

const STATUS: Record<RefusalKind, number> = {
  'bad-request': 400,
  redirect: 503,
  unavailable: 503,
  timeout: 504,
};

export function httpStatus(r: Refusal): number {
  return STATUS[r.kind];
}

export function errorReply(node: string, r: Refusal): ErrorReply {
  return {
    ok: false,
    node,
    error: r.error,
    kind: r.kind,
    definite: r.definite,
    ...(r.redirect !== undefined ? { redirect: r.redirect } : {}),
    message: r.message,
  };
}

/** The mode's fields first, so they can never overwrite the core's. */
export function writeReply(node: string, w: WriteOk): WriteReply {
  return { ...w.fields, ok: true, node, version: w.version };
}

export function readReply(node: string, r: ReadOk): ReadReply {
  return {
    ...r.fields,
    ok: true,
    node,
    values: r.values,
    versions: r.versions,
    ...(r.siblings !== undefined ? { siblings: r.siblings } : {}),
  };
}
