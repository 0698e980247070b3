// One store node as an OS process: start (and wait for its ready line),
// SIGKILL, SIGTERM, SIGSTOP, SIGCONT. Output goes to the node's log file;
// the last lines are also kept in memory for error messages.
import { createWriteStream, writeFileSync, type WriteStream } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ResultPromise } from 'execa';
import type { NodeRunState } from '../core/cluster.ts';
import { trackChild, untrackChild } from './cleanup.ts';
import { NodeOutput, type OutputNode } from '../kit/node-output.ts';
import { procState, sendSignal, settlesWithin } from '../kit/signals.ts';
import { chooseStart } from '../bin/start.js';

export type NodeState = 'running' | 'paused' | 'stopped' | 'killed' | 'exited';

export interface NodeLaunch extends OutputNode {
  /** Absolute path of the launcher's entry file, run with tsx. */
  readonly entry: string;
  /** The same program as a CLI command: run from the bundle when it is up to date. */
  readonly cliCommand?: readonly string[];
  readonly args: readonly string[];
}

export class NodeStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NodeStartError';
  }
}

const EXIT_WAIT_MS = 5000;
const PROC_STATE_POLLS = 500;

// Plain JavaScript, so a node started from the bundle needs no TypeScript loader at all.
const WATCHDOG = pathToFileURL(join(import.meta.dirname, 'watchdog.js')).href;
const ROOT = resolve(import.meta.dirname, '..');

/**
 * How node runs the program: the CLI from the prebuilt bundle when the
 * launcher names its command and the bundle is up to date (bin/start.js
 * decides, as for `splitbrain` itself), else the entry file through tsx.
 * The bundle saves every node the compile of its sources at each start.
 */
export function nodeCommand(launch: Pick<NodeLaunch, 'entry' | 'cliCommand' | 'args'>): string[] {
  const { entry, cliCommand, args } = launch;
  if (cliCommand !== undefined) {
    const start = chooseStart(ROOT, process.env.SPLITBRAIN_BUNDLE);
    if (start.kind === 'bundle') {
      return ['--import', WATCHDOG, join(ROOT, 'bin', 'splitbrain.js'), ...cliCommand, ...args];
    }
  }
  return ['--import', 'tsx', '--import', WATCHDOG, entry, ...args];
}

export class NodeProcess {
  private child: ResultPromise | null = null;
  private exited: Promise<unknown> = Promise.resolve();
  private log: WriteStream | null = null;
  private readonly output: NodeOutput;
  private stateNow: NodeState = 'stopped';

  constructor(readonly launch: NodeLaunch) {
    this.output = new NodeOutput(launch.id);
  }

  get state(): NodeState {
    return this.stateNow;
  }

  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  /** The state as the Cluster contract names it. */
  runState(): NodeRunState {
    const st = this.stateNow;
    return st === 'running' ? 'running' : st === 'paused' ? 'paused' : 'down';
  }

  /** The last lines the node printed, for error messages. */
  logTail(): string {
    return this.output.tailText();
  }

  /** Spawns the node and resolves once it prints its ready line. */
  async start(): Promise<void> {
    // Loaded here, not on import: a simulated run never spawns a node.
    const { execa } = await import('execa');
    if (this.stateNow === 'running' || this.stateNow === 'paused') return;
    const { id, env, logPath, readyTimeoutMs } = this.launch;
    const log = createWriteStream(logPath, { flags: 'a' });
    this.log = log;
    const child = execa(process.execPath, nodeCommand(this.launch), {
      env,
      // Our end of this pipe closing tells the node the controller is gone (watchdog.js).
      stdin: 'pipe',
      // Its own process group: a Ctrl-C at the terminal reaches only the
      // controller, which heals and reads before it takes the nodes down.
      detached: true,
      stdout: 'pipe',
      stderr: 'pipe',
      buffer: false,
      reject: false,
      // Our own hooks (cleanup.ts) kill by pid; execa's would add signal listeners.
      cleanup: false,
    });
    this.child = child;
    const pid = child.pid;
    if (pid === undefined) throw new NodeStartError(`node ${id}: spawn failed`);
    trackChild(pid);
    // Beside the log, so whoever finds a run after a controller crash can find its processes.
    writeFileSync(join(dirname(logPath), `${id}.pid`), `${pid}\n`);
    this.stateNow = 'running';
    const readyLine = this.output.readyLine();
    child.stdout.on('data', this.output.sink(log));
    child.stderr.on('data', this.output.sink(log, '[stderr] '));
    this.exited = child.then((r) => {
      untrackChild(pid);
      if (this.child === child) {
        this.child = null;
        if (this.stateNow === 'running' || this.stateNow === 'paused') this.stateNow = 'exited';
      }
      log.end();
      return r;
    });
    await this.waitReady(readyLine, readyTimeoutMs);
  }

  private async waitReady(readyLine: Promise<void>, timeoutMs: number): Promise<void> {
    const { id, logPath } = this.launch;
    const outcome = await this.output.awaitReady(readyLine, this.exited, timeoutMs);
    if (outcome === 'ready') return;
    if (outcome === 'timeout') await this.kill();
    throw new NodeStartError(
      this.output.notReadyMessage(`node ${id}`, outcome, timeoutMs, logPath),
    );
  }

  private signal(sig: NodeJS.Signals): boolean {
    return sendSignal(this.pid, sig);
  }

  private async waitExit(): Promise<void> {
    await settlesWithin(this.exited, EXIT_WAIT_MS);
  }

  /** SIGKILL: no cleanup in the node; resolves once the process is gone. */
  async kill(): Promise<void> {
    if (this.signal('SIGKILL')) await this.waitExit();
    this.stateNow = 'killed';
  }

  /** SIGTERM (after SIGCONT, or a stopped node never sees it), SIGKILL after graceMs. */
  async stop(graceMs = 3000): Promise<void> {
    if (this.pid !== null) {
      this.signal('SIGTERM');
      this.signal('SIGCONT');
      const gone = await settlesWithin(this.exited, graceMs);
      if (!gone && this.signal('SIGKILL')) await this.waitExit();
    }
    this.stateNow = 'stopped';
  }

  /** SIGSTOP; resolves once the kernel reports the process stopped, so the fault is in effect. */
  async pause(): Promise<void> {
    if (this.stateNow !== 'running') return;
    if (!this.signal('SIGSTOP')) return;
    this.stateNow = 'paused';
    await this.waitProcState((s) => s === 'T' || s === 't');
  }

  /** SIGCONT; resolves once the process runs again. */
  async resume(): Promise<void> {
    if (this.stateNow !== 'paused') return;
    if (!this.signal('SIGCONT')) return;
    this.stateNow = 'running';
    await this.waitProcState((s) => s !== 'T' && s !== 't');
  }

  /** Polls /proc/<pid>/stat (Linux) until the state matches; gives up quietly elsewhere. */
  private async waitProcState(ok: (state: string) => boolean): Promise<void> {
    const pid = this.pid;
    if (pid === null) return;
    for (let i = 0; i < PROC_STATE_POLLS; i++) {
      const state = procState(pid);
      if (state === null || ok(state)) return;
      await sleep(1);
    }
  }
}
