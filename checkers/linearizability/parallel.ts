// Partitions searched on worker threads (P-compositionality makes them
// independent). The checker interface is synchronous, so the main thread
// blocks on Atomics.wait and drains results with receiveMessageOnPort; it
// polls the caller's budget between waits and raises a stop flag the workers
// poll once it is spent. Worth it only for large histories: a worker costs tens of ms to start.
import { tsWorker } from '../../core/ts-worker.ts';
import {
  MessageChannel,
  receiveMessageOnPort,
  type MessagePort,
  type Worker,
} from 'node:worker_threads';
import type { Operation } from './model.ts';
import type { Budget, SearchResult } from './wgl.ts';
import type { ModelRef, WorkerInput } from './worker.ts';

const POLL_MS = 20;
/** Share of all ops this thread takes on top of an even split. */
const HOME_ADVANTAGE = 0.15;
/** Workers that have not started by then (no TypeScript loader, say) are given up on. */
const START_POLLS = 500;
const WORKER_URL = new URL('./worker.ts', import.meta.url).href;

/** Largest first onto the least loaded worker, so one big partition does not wait behind others. */
function spread<T>(parts: readonly T[][], workers: number): { index: number; ops: T[] }[][] {
  const total = parts.reduce((n, p) => n + p.length, 0);
  const buckets = Array.from({ length: workers }, (_, i) => ({
    // This thread skips the encoding, start-up and decoding a worker pays for, so it takes more.
    load: i === 0 ? -HOME_ADVANTAGE * total : 0,
    parts: [] as { index: number; ops: T[] }[],
  }));
  const order = parts
    .map((p, index) => ({ index, ops: p }))
    .sort((a, b) => b.ops.length - a.ops.length);
  for (const p of order) {
    const b = buckets.reduce((x, y) => (y.load < x.load ? y : x));
    b.parts.push(p);
    b.load += p.ops.length;
  }
  return buckets.map((b) => b.parts).filter((b) => b.length > 0);
}

function startWorker(
  ref: ModelRef,
  bucket: { index: number; ops: Operation<unknown, unknown>[] }[],
  signal: Int32Array,
  maxCacheEntries: number,
): { thread: Worker; port: MessagePort } {
  const { port1, port2 } = new MessageChannel();
  // JSON of the few fields the search reads: structured clone of nested arrays is far slower.
  const encoded = bucket.map((b) => ({
    index: b.index,
    ops: b.ops.map((o) => [
      o.input,
      o.output ?? null,
      o.output === undefined ? 0 : 1,
      o.invokeIndex,
      o.doneIndex,
    ]),
  }));
  const workerData: WorkerInput = {
    ref,
    parts: JSON.stringify(encoded),
    port: port2,
    signal,
    maxCacheEntries,
  };
  const thread = tsWorker(WORKER_URL, { workerData, transferList: [port2] });
  // A worker that fails to start is noticed by the start timeout; do not crash the process.
  thread.on('error', (e) => {
    if (process.env.SB_DEBUG) console.error('worker error', e);
  });
  return { thread, port: port1 };
}

/**
 * Searches the partitions on `workers` threads, this one included: it takes
 * the first share itself while the others start. Null when the workers do
 * not start, so the caller searches in this thread instead.
 */
export function searchInWorkers<S, I, O>(
  ref: ModelRef,
  parts: readonly Operation<I, O>[][],
  opts: { workers: number; maxCacheEntries: number; spent: () => string | null },
  searchHere: (part: readonly Operation<I, O>[], budget: Budget) => SearchResult<S>,
): (SearchResult<S> | null)[] | null {
  const signal = new Int32Array(new SharedArrayBuffer(8));
  const results: (SearchResult<S> | null)[] = parts.map(() => null);
  const [mine, ...theirs] = spread(parts as Operation<unknown, unknown>[][], opts.workers);
  const started = theirs.map((b) => startWorker(ref, b, signal, opts.maxCacheEntries));
  const expected = theirs.reduce((n, b) => n + b.length, 0);
  try {
    const budget = {
      maxCacheEntries: opts.maxCacheEntries,
      spent: () => opts.spent() ?? (Atomics.load(signal, 1) === 1 ? 'stopped' : null),
    };
    for (const p of mine ?? []) {
      if (opts.spent() !== null) Atomics.store(signal, 1, 1);
      if (Atomics.load(signal, 1) === 1) break;
      results[p.index] = searchHere(p.ops as Operation<I, O>[], budget);
    }
    return collect(started, expected, results, signal, opts.spent) ? results : null;
  } finally {
    for (const s of started) {
      void s.thread.terminate();
      s.port.close();
    }
  }
}

/** Waits for the workers' results; false when they never started. */
function collect<S>(
  started: readonly { port: MessagePort }[],
  expected: number,
  results: (SearchResult<S> | null)[],
  signal: Int32Array,
  spent: () => string | null,
): boolean {
  let received = 0;
  let ready = 0;
  let polls = 0;
  while (received < expected) {
    const posted = Atomics.load(signal, 0);
    if (posted === received + ready) Atomics.wait(signal, 0, posted, POLL_MS);
    if (ready < started.length && ++polls > START_POLLS) return false;
    for (const { port } of started) {
      for (let m = receiveMessageOnPort(port); m !== undefined; m = receiveMessageOnPort(port)) {
        const msg = m.message as
          { index: number; result: SearchResult<S> } | { error: string } | { ready: true };
        if ('ready' in msg) {
          ready++;
          continue;
        }
        if ('error' in msg) throw new Error(`linearizability worker failed: ${msg.error}`);
        // Every partition is searched: a violation in one says nothing of the others' counts.
        results[msg.index] = msg.result;
        received++;
      }
    }
    if (spent() !== null) Atomics.store(signal, 1, 1);
  }
  return true;
}
