// Clients of a simulated cluster call the node cores directly, with a
// simulated network delay each way, and get the replies HTTP gives (the
// core's own mapping of outcomes to replies, store/outcomes.ts).
import { errorReply, readReply, writeReply } from '../store/outcomes.ts';
import type { ErrorReply, ReadReply, WriteReply } from '../store/protocol.ts';
import {
  isErrorReply,
  type CallOutcome,
  type NodeStatus,
  type StoreApi,
} from '../systems/store/http.ts';
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

/**
 * Sends a call to a node core: it answers once the node is running (a paused
 * node holds the request), or unknown once the signal aborts; unsent when
 * the node is down. A call adds one abort listener, whose target moves from
 * the send delay to the wait for the answer (null: a call nothing aborts).
 */
async function call<T>(
  clock: Clock,
  signal: AbortSignal | null,
  cluster: SimNodes,
  id: string,
  answer: (node: StoreNode) => Promise<T | ErrorReply>,
): Promise<CallOutcome<T>> {
  let onAbort = (): void => {};
  if (signal !== null && !signal.aborted)
    signal.addEventListener('abort', () => onAbort(), { once: true });
  await new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const cancel = clock.afterMs(CLIENT_DELAY_MS, resolve);
    onAbort = () => {
      cancel();
      resolve();
    };
  });
  if (signal?.aborted) return { kind: 'unknown', error: 'timeout' };
  const aborted = new Promise<null>((resolve) => (onAbort = () => resolve(null)));
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
    write: (info, { key, value, ...options }, signal) =>
      call<WriteReply>(clock, signal, cluster, info.id, (node) =>
        node
          .write(key, value, options)
          .then((r) => (r.ok ? writeReply(info.id, r) : errorReply(info.id, r))),
      ),
    read: (info, { keys, ...options }, signal) =>
      call<ReadReply>(clock, signal, cluster, info.id, (node) =>
        node
          .read(keys, options)
          .then((r) => (r.ok ? readReply(info.id, r) : errorReply(info.id, r))),
      ),
    // Status answers in virtual time at once, so the real-time bound does not apply.
    // A paused node's status is no answer, as a timed-out request would be.
    status: async (info) => {
      if (cluster.isPaused(info.id)) return null;
      const out = await call<NodeStatus>(clock, null, cluster, info.id, (node) =>
        Promise.resolve(statusOf(node)),
      );
      return out.kind === 'reply' && !isErrorReply(out.body) ? out.body : null;
    },
  };
}

/** The status the store's client reads: the envelope with the mode's fields, as HTTP sends it. */
function statusOf(node: StoreNode): NodeStatus {
  return node.status() as unknown as NodeStatus;
}
