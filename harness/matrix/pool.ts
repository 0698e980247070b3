// Runs matrix tasks on worker threads, each one run at a time (a simulated run
// is single-threaded and deterministic per seed), at most `parallel` at once.
// With parallel 1 it runs them in this thread: no start-up cost, easy to debug.
import { tsWorker } from '../../core/ts-worker.ts';
import { runCell, type CellRun, type CellTask } from './cell-run.ts';

const WORKER_URL = new URL('./worker.ts', import.meta.url).href;

export interface PoolOptions {
  readonly parallel: number;
  /** Called as each run finishes, in finishing order. */
  readonly onRun: (run: CellRun) => void;
}

async function inThisThread(tasks: readonly CellTask[], onRun: (r: CellRun) => void) {
  const out: CellRun[] = [];
  for (const t of tasks) {
    const r = await runCell(t);
    onRun(r);
    out.push(r);
  }
  return out;
}

/** One worker taking tasks from the shared queue until it is empty. */
function workerLoop(queue: CellTask[], onRun: (r: CellRun) => void): Promise<CellRun[]> {
  const done: CellRun[] = [];
  const thread = tsWorker(WORKER_URL, { bundle: true });
  return new Promise((resolve, reject) => {
    const next = () => {
      const task = queue.shift();
      if (task === undefined) {
        void thread.terminate().then(() => resolve(done));
        return;
      }
      thread.postMessage(task);
    };
    thread.on('message', (run: CellRun) => {
      done.push(run);
      onRun(run);
      next();
    });
    thread.on('error', reject);
    next();
  });
}

/** Every task's run, in no particular order. */
export async function runTasks(tasks: readonly CellTask[], opts: PoolOptions): Promise<CellRun[]> {
  if (opts.parallel <= 1) return inThisThread(tasks, opts.onRun);
  const queue = [...tasks];
  const workers = Math.min(opts.parallel, tasks.length);
  const parts = await Promise.all(
    Array.from({ length: workers }, () => workerLoop(queue, opts.onRun)),
  );
  return parts.flat();
}
