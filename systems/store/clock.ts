// The store's own clock offset (POST /clock on its client API): the way to
// skew a node's clock where libfaketime cannot reach it. Every backend that
// runs our store posts it the same way.
import type { NodeInfo } from '../../core/cluster.ts';
import type { ClockRequest } from '../../store/protocol.ts';

const CLOCK_POST_TIMEOUT_MS = 2000;

/** Sets the node's store-side clock offset; an answer other than 2xx is an error. */
export async function postStoreClockOffset(node: NodeInfo, offsetMs: number): Promise<void> {
  const url = `http://${node.host}:${node.port}/clock`;
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ offsetMs } satisfies ClockRequest),
    signal: AbortSignal.timeout(CLOCK_POST_TIMEOUT_MS),
  });
  if (!res.ok) throw new Error(`POST ${url} answered ${res.status}: ${await res.text()}`);
}
