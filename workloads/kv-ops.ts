// What the kv workload's ops ask of a target client, shared by the Redis,
// PostgreSQL and etcd adapters so each only speaks its own protocol.
import type { Completion, Invocation } from '../core/client.ts';
import { microOps } from '../core/history.ts';

export interface KvWrite {
  readonly kind: 'write';
  readonly key: string;
  readonly value: number;
}

export type KvRequest = KvWrite | { readonly kind: 'read'; readonly keys: readonly string[] };

/** The op as a request, or a fail completion when it is not one this workload sends. */
export function kvRequest(op: Invocation): KvRequest | Completion {
  const mops = microOps(op.value);
  const bad = (error: string): Completion => ({ type: 'fail', value: op.value, error });
  if (mops === null) return bad('value is not micro-ops');
  if (op.f === 'write') {
    const [m] = mops;
    if (mops.length !== 1 || m === undefined || m[0] !== 'w' || typeof m[2] !== 'number')
      return bad('a write is exactly one ["w", key, integer]');
    return { kind: 'write', key: m[1], value: m[2] };
  }
  if (op.f === 'read' || op.f === 'final-read')
    return { kind: 'read', keys: mops.map((m) => m[1]) };
  return bad(`unknown f ${op.f}`);
}

export function isRequest(x: KvRequest | Completion): x is KvRequest {
  return 'kind' in x;
}

/** A read's ok completion: one ["r", key, value] per key, null for absent. */
export function readOk(
  keys: readonly string[],
  values: ReadonlyMap<string, number | null>,
  node: string,
): Completion {
  return { type: 'ok', value: keys.map((k) => ['r', k, values.get(k) ?? null]), node };
}

/** A stored value back as the workload's integer; null when absent. */
export function parseIntValue(raw: unknown): number | null {
  if (raw === null || raw === undefined) return null;
  const n = Number(raw);
  if (!Number.isSafeInteger(n))
    throw new Error(`stored value ${JSON.stringify(raw)} is not an integer`);
  return n;
}

export type Raced<T> =
  | { readonly kind: 'done'; readonly value: T }
  | { readonly kind: 'error'; readonly error: unknown }
  | { readonly kind: 'aborted' };

/** Settles with the request's outcome, or "aborted" as soon as the op's timeout passes. */
export function raceAbort<T>(p: Promise<T>, signal: AbortSignal): Promise<Raced<T>> {
  if (signal.aborted) {
    p.catch(() => {});
    return Promise.resolve({ kind: 'aborted' });
  }
  return new Promise((resolve) => {
    const onAbort = () => resolve({ kind: 'aborted' });
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (value) => resolve({ kind: 'done', value }),
      (error: unknown) => resolve({ kind: 'error', error }),
    ).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
