// Clients of a simulated cluster call the node cores directly, with a
// simulated network delay each way, and get the replies HTTP gives (the
// core's own mapping of outcomes to replies, store/outcomes.ts).
import { errorReply, readReply, writeReply } from '../store/outcomes.ts';
import type { ErrorReply, ReadReply, WriteReply } from '../store/protocol.ts';
import {
  isSingleLeaderStatus,
  type StatusReply,
} from '../store/replication/single-leader/protocol.ts';
import { isErrorReply, type CallOutcome, type StoreApi } from '../systems/store/http.ts';
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
      const out = await call<StatusReply>(
        clock,
        new AbortController().signal,
        cluster,
        info.id,
        (node) => Promise.resolve(statusOf(node)),
      );
      return out.kind === 'reply' && !isErrorReply(out.body) ? out.body : null;
    },
  };
}

/**
 * The status as GET /status would send it: single-leader's checked for its
 * shape; another mode's passed on as HTTP would, for the reader to look for
 * the fields it knows (leaderless: `settled`).
 */
function statusOf(node: StoreNode): StatusReply | ErrorReply {
  const s = node.status();
  if (isSingleLeaderStatus(s) || s.mode !== 'single-leader') return s as unknown as StatusReply;
  return { ok: false, node: node.id, error: 'unknown-mode', definite: true };
}
