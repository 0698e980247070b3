// A worker thread's side of the parallel search: loads the model by reference
// (functions cannot cross threads), searches its partitions, and posts each
// result as it finishes. It stops early when the main thread raises the stop
// flag (budget spent, or a violation found elsewhere); it reads no clock.
import { workerData, type MessagePort } from 'node:worker_threads';
import { normalizeModel, type Model, type Operation } from './model.ts';
import { searchLinearization } from './wgl.ts';

export interface ModelRef {
  /** URL of the module that exports the model or a factory of it. */
  readonly module: string;
  readonly exportName: string;
  /** Arguments for a factory export. */
  readonly args?: readonly unknown[];
}

export interface WorkerInput {
  readonly ref: ModelRef;
  /** JSON: [{index, ops: [input, output, hasOutput, invokeIndex, doneIndex][]}]. */
  readonly parts: string;
  readonly port: MessagePort;
  /** [0]: results posted (for Atomics.wait), [1]: stop flag. */
  readonly signal: Int32Array;
  readonly maxCacheEntries: number;
}

async function loadModel(ref: ModelRef): Promise<Model<unknown, unknown, unknown>> {
  const mod = (await import(ref.module)) as Record<string, unknown>;
  const x = mod[ref.exportName];
  if (typeof x === 'function')
    return (x as (...a: unknown[]) => Model<unknown, unknown, unknown>)(...(ref.args ?? []));
  if (typeof x === 'object' && x !== null) return x as Model<unknown, unknown, unknown>;
  throw new Error(`${ref.module} exports no model named ${ref.exportName}`);
}

async function main(input: WorkerInput): Promise<void> {
  const post = (msg: unknown): void => {
    input.port.postMessage(msg);
    Atomics.add(input.signal, 0, 1);
    Atomics.notify(input.signal, 0);
  };
  try {
    post({ ready: true });
    const model = normalizeModel(await loadModel(input.ref));
    const budget = {
      maxCacheEntries: input.maxCacheEntries,
      // The main thread raises the flag for any reason; which one it reports itself.
      spent: () => (Atomics.load(input.signal, 1) === 1 ? 'stopped' : null),
    };
    const parts = JSON.parse(input.parts) as { index: number; ops: unknown[][] }[];
    for (const p of parts) {
      const ops = p.ops.map(
        ([i, o, has, invokeIndex, doneIndex], id): Operation<unknown, unknown> => ({
          id,
          input: i,
          output: has === 1 ? o : undefined,
          process: 0,
          invokeIndex: invokeIndex as number,
          doneIndex: doneIndex as number,
          callTimeNs: 0,
          retTimeNs: 0,
        }),
      );
      post({ index: p.index, result: searchLinearization(model, ops, budget) });
    }
  } catch (err) {
    post({ error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) });
  }
}

if (workerData !== null && typeof workerData === 'object' && 'signal' in workerData) {
  await main(workerData as WorkerInput);
}
