// Statement values for the kv workload: each write of version n sends
// {"v": n, "at": {"fn":"now"}, "r": {"fn":"rand"}}, so a store that replicates
// the statement (--log-format statement) makes every replica compute its own
// "at" and "r", while a row-based log ships the leader's result. Checkers
// still need integer versions, so reads map a stored object back to its "v";
// final reads also keep the stored objects (the completion's "stored" field),
// which is what lets convergence see replicas that agree on the version but
// not on the value.
import type { Invocation } from '../../core/client.ts';
import { isJsonObject, type ReadReply, type Sibling, type Value } from '../../store/protocol.ts';
import type { StoreApi } from './http.ts';

/** What the statement-values api adds to a read reply: each key's value as stored. */
export interface StoredValues {
  readonly stored?: Readonly<Record<string, Value>>;
}

/** The value written for version n: the version plus two nondeterministic calls. */
export function statementValue(version: number): Value {
  return { v: version, at: { fn: 'now' }, r: { fn: 'rand' } };
}

function isVersioned(v: Value): v is { v: number } {
  return isJsonObject(v) && typeof v.v === 'number' && Number.isSafeInteger(v.v);
}

/** The version inside a stored statement value; anything else is returned unchanged for the checkers to judge. */
export function versionIn(stored: Value): Value {
  return isVersioned(stored) ? stored.v : stored;
}

/**
 * Wraps a StoreApi: writes of an integer version go out as statement values,
 * and read replies carry versions in `values` and the stored objects in
 * `stored`. Status calls pass through.
 */
export function statementApi(api: StoreApi): StoreApi {
  return {
    status: (node, timeoutMs) => api.status(node, timeoutMs),
    write: (node, req, signal) =>
      api.write(
        node,
        typeof req.value === 'number' ? { ...req, value: statementValue(req.value) } : req,
        signal,
      ),
    async read(node, req, signal) {
      const out = await api.read(node, req, signal);
      if (out.kind !== 'reply' || out.body.ok !== true) return out;
      const body: ReadReply = out.body;
      const values: Record<string, Value> = {};
      for (const [k, v] of Object.entries(body.values)) values[k] = versionIn(v);
      const siblings = body.siblings && mapSiblings(body.siblings);
      const seen: ReadReply & StoredValues = {
        ...body,
        values,
        ...(siblings ? { siblings } : {}),
        stored: body.values,
      };
      return { ...out, body: seen };
    },
  };
}

/** Concurrent versions too carry statement values: each one's version inside. */
function mapSiblings(siblings: NonNullable<ReadReply['siblings']>): ReadReply['siblings'] {
  const out: Record<string, Sibling[]> = {};
  for (const [k, list] of Object.entries(siblings))
    out[k] = list.map((s) => ({ ...s, value: versionIn(s.value) }));
  return out;
}

/**
 * The completion field a final read adds: the stored values, when the api
 * kept them. Other reads leave it out to keep the history small; only the
 * convergence check compares whole values.
 */
export function storedField(
  op: Invocation,
  body: ReadReply & StoredValues,
): { stored?: Readonly<Record<string, Value>> } {
  return op.f === 'final-read' && body.stored !== undefined ? { stored: body.stored } : {};
}
