// A matrix worker thread: runs each task it is sent, one at a time, and posts
// back the run's summary (pool.ts).
import { parentPort } from 'node:worker_threads';
import { runCell, type CellTask } from './cell-run.ts';

const port = parentPort;
if (port === null) throw new Error('harness/matrix/worker.ts runs as a worker thread (pool.ts)');
port.on('message', (task: CellTask) => {
  void runCell(task).then((run) => port.postMessage(run));
});
