// Clients of a simulated cluster call the node cores directly, with a
// simulated network delay each way, and get the same outcomes HTTP gives.
import type { Refusal } from '../../store/outcomes.ts';
import type { ErrorReply, ReadReply, StatusReply, WriteReply } from '../../store/protocol.ts';
import type { CallOutcome, StoreApi } from '../../workloads/store-http.ts';
import type { Clock } from '../clock.ts';
import type { SimCluster } from './cluster.ts';

/** One-way client-to-node delay, virtual ms. */
const CLIENT_DELAY_MS = 1;

function errorReply(node: string, r: Refusal): ErrorReply {
  return {
    ok: false,
    node,
    error: r.error,
    definite: r.definite,
    ...(r.leader !== undefined ? { leader: r.leader } : {}),
    message: r.message,
  };
}

/** Resolves with the call's answer, or unknown once the signal aborts. */
async function call<T>(
  clock: Clock,
  signal: AbortSignal,
  answer: () => Promise<T | ErrorReply> | null,
): Promise<CallOutcome<T>> {
  await clock.sleepMs(CLIENT_DELAY_MS, signal);
  if (signal.aborted) return { kind: 'unknown', error: 'timeout' };
  const pending = answer();
  if (pending === null) return { kind: 'unsent', error: 'ECONNREFUSED (node down)' };
  const aborted = new Promise<null>((resolve) =>
    signal.addEventListener('abort', () => resolve(null), { once: true }),
  );
  const body = await Promise.race([pending, aborted]);
  if (body === null) return { kind: 'unknown', error: 'timeout' };
  await clock.sleepMs(CLIENT_DELAY_MS);
  return { kind: 'reply', status: 200, body };
}

export function simStoreApi(cluster: SimCluster, clock: Clock): StoreApi {
  return {
    write: (info, req, signal) =>
      call<WriteReply>(clock, signal, () => {
        const node = cluster.node(info.id);
        if (node === null) return null;
        return node
          .write(req.key, req.value)
          .then((r) =>
            r.ok
              ? { ok: true, node: info.id, lsn: r.lsn, term: r.term, shard: r.shard }
              : errorReply(info.id, r),
          );
      }),
    read: (info, req, signal) =>
      call<ReadReply>(clock, signal, () => {
        const node = cluster.node(info.id);
        if (node === null) return null;
        return node.read(req).then((r) => (r.ok ? r : errorReply(info.id, r)));
      }),
    // Status answers in virtual time at once, so the real-time bound does not apply.
    status: async (info) => {
      const out = await call<StatusReply>(clock, new AbortController().signal, () => {
        const node = cluster.node(info.id);
        return node === null ? null : Promise.resolve(node.status());
      });
      return out.kind === 'reply' ? (out.body as StatusReply) : null;
    },
  };
}
