// Clients of a simulated cluster call the node cores directly, with a
// simulated network delay each way, and get the same outcomes HTTP gives.
import type { Refusal } from '../store/outcomes.ts';
import type { ErrorReply, ReadReply, StatusReply, WriteReply } from '../store/protocol.ts';
import type { CallOutcome, StoreApi } from '../systems/store/http.ts';
import type { Clock } from '../core/clock.ts';
import type { StoreNode } from '../store/node.ts';

/** What a call needs of the simulated cluster: its cores and whether each is paused. */
export interface SimNodes {
  node(id: string): StoreNode | null;
  isPaused(id: string): boolean;
  /** Resolves once the node is not paused. */
  running(id: string): Promise<void>;
}

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

/**
 * Sends a call to a node core: it answers once the node is running (a paused
 * node holds the request), or unknown once the signal aborts; unsent when
 * the node is down.
 */
async function call<T>(
  clock: Clock,
  signal: AbortSignal,
  cluster: SimNodes,
  id: string,
  answer: (node: StoreNode) => Promise<T | ErrorReply>,
): Promise<CallOutcome<T>> {
  await clock.sleepMs(CLIENT_DELAY_MS, signal);
  if (signal.aborted) return { kind: 'unknown', error: 'timeout' };
  const aborted = new Promise<null>((resolve) =>
    signal.addEventListener('abort', () => resolve(null), { once: true }),
  );
  if ((await Promise.race([cluster.running(id).then(() => true), aborted])) === null)
    return { kind: 'unknown', error: 'timeout' };
  const node = cluster.node(id);
  if (node === null) return { kind: 'unsent', error: 'ECONNREFUSED (node down)' };
  const body = await Promise.race([answer(node), aborted]);
  if (body === null) return { kind: 'unknown', error: 'timeout' };
  await clock.sleepMs(CLIENT_DELAY_MS);
  return { kind: 'reply', status: 200, body };
}

export function simStoreApi(cluster: SimNodes, clock: Clock): StoreApi {
  return {
    write: (info, req, signal) =>
      call<WriteReply>(clock, signal, cluster, info.id, (node) =>
        node
          .write(req.key, req.value)
          .then((r) =>
            r.ok
              ? { ok: true, node: info.id, lsn: r.lsn, term: r.term, shard: r.shard }
              : errorReply(info.id, r),
          ),
      ),
    read: (info, req, signal) =>
      call<ReadReply>(clock, signal, cluster, info.id, (node) =>
        node.read(req).then((r) => (r.ok ? r : errorReply(info.id, r))),
      ),
    // Status answers in virtual time at once, so the real-time bound does not apply.
    // A paused node's status is no answer, as a timed-out request would be.
    status: async (info) => {
      if (cluster.isPaused(info.id)) return null;
      const out = await call<StatusReply>(
        clock,
        new AbortController().signal,
        cluster,
        info.id,
        (node) => Promise.resolve(node.status()),
      );
      return out.kind === 'reply' ? (out.body as StatusReply) : null;
    },
  };
}
