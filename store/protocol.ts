// The store's client API (HTTP/1.1, JSON bodies), as every replication mode
// shares it. A mode adds its own request options and reply fields beside
// these (single-leader's in replication/single-leader/protocol.ts); the core
// passes them through without reading them.

/** Any JSON value. */
export type Json =
  null | boolean | number | string | readonly Json[] | { readonly [k: string]: Json };
export type JsonObject = { readonly [k: string]: Json };

/** JSON values the store keeps under a key. */
export type Value = Json;

/**
 * What a mode says a value's version is: an LSN for single-leader, a version
 * vector for the modes that keep concurrent writes. Clients carry it, never
 * interpret it without knowing the mode.
 */
export type Version = Json;

/** POST /write: the key and value, plus the mode's write options (validated by the mode). */
export interface WriteRequest {
  readonly key: string;
  readonly value: Value;
  readonly [option: string]: unknown;
}

/** POST /read — one or several keys, plus the mode's read options (validated by the mode). */
export interface ReadRequest {
  readonly keys: readonly string[];
  readonly [option: string]: unknown;
}

/** A request's options: every field but the key(s) and value, for the mode to validate. */
export type RequestOptions = Readonly<Record<string, unknown>>;

/** One of several concurrent versions of a key. */
export interface Sibling {
  readonly value: Value;
  readonly version: Version;
}

/** 200 to POST /write; the mode's own fields (e.g. lsn, term) sit beside these. */
export interface WriteReply {
  readonly ok: true;
  /** Node id that served the request. */
  readonly node: string;
  /** The version the write created. */
  readonly version: Version;
}

/** 200 to POST /read; the mode's own fields (e.g. lsn) sit beside these. */
export interface ReadReply {
  readonly ok: true;
  readonly node: string;
  /** key -> value (null: key absent, or see siblings). */
  readonly values: Readonly<Record<string, Value>>;
  /**
   * key -> the value's version. For a key with siblings, the mode's version
   * of the whole set (what a write that resolves them names).
   */
  readonly versions: Readonly<Record<string, Version>>;
  /**
   * Keys that have concurrent versions (two or more), each listed with its
   * version; such a key's entry in `values` is null. Absent when no key read
   * has siblings (single-leader never has them).
   */
  readonly siblings?: Readonly<Record<string, readonly Sibling[]>>;
}

/**
 * Error bodies. `definite` is true when the request certainly did not and
 * will not take effect (a client records fail); false when it may have (info).
 */
export interface ErrorReply {
  readonly ok: false;
  readonly node: string;
  /** The mode's name for what happened, e.g. "not-leader", "behind", "timeout". */
  readonly error: string;
  /** How the HTTP layer classed it (see RefusalKind in outcomes.ts). */
  readonly kind?: string;
  readonly definite: boolean;
  /** A node to send this request to instead (null: none known yet). */
  readonly redirect?: string | null;
  readonly message?: string;
}

/** GET /status: this envelope, with the mode's own status fields beside it. */
export type StatusEnvelope = {
  readonly id: string;
  /** The replication mode the node runs (--mode). */
  readonly mode: string;
  /** The node's own wall-clock reading (ms since epoch), offset included. */
  readonly clockMs: number;
  readonly clockOffsetMs: number;
};

/** Status field names the envelope owns; a mode's status must not use them. */
export const ENVELOPE_FIELDS = ['id', 'mode', 'clockMs', 'clockOffsetMs'] as const;

/** POST /clock: sets the store's own clock offset (for clock faults without libfaketime). */
export interface ClockRequest {
  readonly offsetMs: number;
}

export function isJsonObject(x: unknown): x is JsonObject {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Whether x is JSON a peer or client may send (finite numbers, bounded depth). */
export function isJson(x: unknown, depth = 0): x is Json {
  if (depth > 64) return false;
  if (x === null || typeof x === 'boolean' || typeof x === 'string') return true;
  if (typeof x === 'number') return Number.isFinite(x);
  if (Array.isArray(x)) return x.every((v) => isJson(v, depth + 1));
  return isJsonObject(x) && Object.values(x).every((v) => isJson(v, depth + 1));
}
