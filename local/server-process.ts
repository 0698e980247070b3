// One real server (redis-server, postgres, etcd) as an OS process of ours.
// It runs in its own process group because PostgreSQL forks helpers: a crash,
// pause or cleanup must reach the whole group, or a SIGKILLed postmaster
// leaves backends holding its shared memory and the restart fails. Signals go
// to -pgid of a group we created, never to a name.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ServerCommand } from '../core/launcher.ts';
import { onControllerExit } from '../kit/exit-hooks.ts';
import { trackChild, untrackChild } from './cleanup.ts';
import { sendSignal, settlesWithin } from '../kit/signals.ts';

/** A server launcher's command for one node, with where its output goes. */
export interface ServerLaunch extends ServerCommand {
  readonly id: string;
  readonly logPath: string;
}

export type ServerState = 'running' | 'paused' | 'stopped' | 'killed' | 'exited';

export class ServerStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ServerStartError';
  }
}

const groups = new Set<number>();
let hooked = false;

/** Kills every live server group; synchronous so it works inside 'exit'. */
export function killServerGroupsSync(): void {
  for (const pgid of groups) {
    sendSignal(pgid, 'SIGCONT', true);
    sendSignal(pgid, 'SIGKILL', true);
  }
  groups.clear();
}

const READY_POLL_MS = 100;
const EXIT_WAIT_MS = 5000;

export class ServerProcess {
  private child: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();
  private stateNow: ServerState = 'stopped';

  constructor(readonly launch: ServerLaunch) {}

  get state(): ServerState {
    return this.stateNow;
  }

  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  /** Spawns the server and waits until ready() says it answers. */
  async start(): Promise<void> {
    if (this.stateNow === 'running' || this.stateNow === 'paused') return;
    if (!hooked) {
      hooked = true;
      // On an unhandled signal too: a SIGKILLed postmaster alone leaves its backends behind.
      onControllerExit(killServerGroupsSync);
    }
    const l = this.launch;
    const fd = openSync(l.logPath, 'a');
    const child = spawn(l.command, [...l.args], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...l.env },
      cwd: l.cwd,
      stdio: ['ignore', fd, fd],
      detached: true,
      ...(l.uid !== undefined ? { uid: l.uid } : {}),
      ...(l.gid !== undefined ? { gid: l.gid } : {}),
    });
    closeSync(fd);
    const pid = child.pid;
    if (pid === undefined) throw new ServerStartError(`${l.id}: spawn of ${l.command} failed`);
    this.child = child;
    groups.add(pid);
    trackChild(pid);
    this.stateNow = 'running';
    this.exited = new Promise((resolve) => {
      child.once('exit', () => {
        groups.delete(pid);
        untrackChild(pid);
        if (this.child === child) {
          this.child = null;
          if (this.stateNow === 'running' || this.stateNow === 'paused') this.stateNow = 'exited';
        }
        resolve();
      });
      child.once('error', () => resolve());
    });
    await this.waitReady();
  }

  private async waitReady(): Promise<void> {
    const l = this.launch;
    let waitedMs = 0;
    while (waitedMs < l.readyTimeoutMs) {
      if (this.child === null)
        throw new ServerStartError(
          `${l.id}: ${l.command} exited before it was ready (log: ${l.logPath})`,
        );
      if (await l.ready().catch(() => false)) return;
      await sleep(READY_POLL_MS);
      waitedMs += READY_POLL_MS;
    }
    await this.kill();
    throw new ServerStartError(
      `${l.id}: ${l.command} did not answer within ${l.readyTimeoutMs} ms (log: ${l.logPath})`,
    );
  }

  private signal(sig: NodeJS.Signals): boolean {
    return sendSignal(this.pid, sig, true);
  }

  private async waitExit(): Promise<void> {
    await settlesWithin(this.exited, EXIT_WAIT_MS);
  }

  /** SIGKILL of the whole group; the data dir stays. */
  async kill(): Promise<void> {
    this.signal('SIGCONT');
    if (this.signal('SIGKILL')) await this.waitExit();
    this.stateNow = 'killed';
  }

  /** SIGTERM (SIGKILL after graceMs). */
  async stop(graceMs = 5000): Promise<void> {
    if (this.pid !== null) {
      this.signal('SIGCONT');
      // Only the leader: PostgreSQL's postmaster shuts its children down itself.
      sendSignal(this.pid, 'SIGTERM');
      if (!(await settlesWithin(this.exited, graceMs))) await this.kill();
    }
    this.stateNow = 'stopped';
  }

  pause(): void {
    if (this.stateNow === 'running' && this.signal('SIGSTOP')) this.stateNow = 'paused';
  }

  resume(): void {
    if (this.stateNow === 'paused' && this.signal('SIGCONT')) this.stateNow = 'running';
  }
}
