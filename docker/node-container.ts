// One store node as a container: created once per run, started (and started
// again after a kill) with its output streamed into the node's log file,
// killed, paused and removed through the Docker API.
import { createWriteStream, type WriteStream } from 'node:fs';
import { PassThrough } from 'node:stream';
import type Dockerode from 'dockerode';
import type { NodeRunState } from '../core/cluster.ts';
import { NodeOutput, type OutputNode } from '../kit/node-output.ts';
import { isNotFound, LABEL, NODE_LABEL, RUN_LABEL } from './engine.ts';

export interface ContainerSpec extends OutputNode {
  readonly runId: string;
  readonly name: string;
  readonly image: string;
  readonly cmd: readonly string[];
  readonly network: string;
  readonly ip: string;
  /** "host:container[:ro]" bind mounts. */
  readonly binds: readonly string[];
}

export type ContainerState = 'created' | 'running' | 'paused' | 'exited';

export class NodeContainer {
  private readonly log: WriteStream;
  private readonly output: NodeOutput;
  /** The attach of the current run; holding it open keeps the node's stdin open. */
  private attached: NodeJS.ReadWriteStream | null = null;
  /** Resolves when the current run of the container's process ends its output. */
  private ended: Promise<void> = Promise.resolve();

  private constructor(
    readonly spec: ContainerSpec,
    private readonly container: Dockerode.Container,
  ) {
    this.log = createWriteStream(spec.logPath, { flags: 'a' });
    this.output = new NodeOutput(spec.id);
  }

  static async create(docker: Dockerode, spec: ContainerSpec): Promise<NodeContainer> {
    const c = await docker.createContainer({
      name: spec.name,
      Image: spec.image,
      Cmd: [...spec.cmd],
      Env: [
        ...Object.entries(spec.env).map(([k, v]) => `${k}=${v}`),
        'SPLITBRAIN_STDIN_WATCHDOG=1',
      ],
      // stdin stays open while our attach does, and closes when it drops (watchdog.ts).
      OpenStdin: true,
      StdinOnce: true,
      AttachStdin: true,
      Labels: { [LABEL]: '1', [RUN_LABEL]: spec.runId, [NODE_LABEL]: spec.id },
      Hostname: spec.id,
      HostConfig: { Binds: [...spec.binds], NetworkMode: spec.network },
      NetworkingConfig: {
        EndpointsConfig: {
          [spec.network]: { IPAMConfig: { IPv4Address: spec.ip }, Aliases: [spec.id] },
        },
      },
    });
    return new NodeContainer(spec, c);
  }

  logTail(): string {
    return this.output.tailText();
  }

  async inspect(): Promise<Dockerode.ContainerInspectInfo> {
    return this.container.inspect();
  }

  async state(): Promise<ContainerState> {
    const s = (await this.inspect()).State;
    if (s.Paused) return 'paused';
    if (s.Running) return 'running';
    return s.Status === 'created' ? 'created' : 'exited';
  }

  /** The container's init process on the host, for nsenter; null when not running. */
  async pid(): Promise<number | null> {
    const s = (await this.inspect()).State;
    return s.Running && s.Pid > 0 ? s.Pid : null;
  }

  /** Attaches to the output first, so not a line of the new run is lost, then starts. */
  /** The state as the Cluster contract names it. */
  async runState(): Promise<NodeRunState> {
    const st = await this.state();
    return st === 'running' ? 'running' : st === 'paused' ? 'paused' : 'down';
  }

  async start(): Promise<void> {
    const st = await this.state();
    if (st === 'running' || st === 'paused') return;
    const { id, readyTimeoutMs, logPath } = this.spec;
    const stream = (await this.container.attach({
      stream: true,
      stdin: true,
      stdout: true,
      stderr: true,
      hijack: true,
    })) as NodeJS.ReadWriteStream;
    this.attached = stream;
    const readyLine = this.output.readyLine();
    const out = new PassThrough();
    const err = new PassThrough();
    this.container.modem.demuxStream(stream, out, err);
    out.on('data', this.output.sink(this.log));
    err.on('data', this.output.sink(this.log, '[stderr] '));
    this.ended = new Promise<void>((r) => {
      stream.on('end', () => r());
      stream.on('close', () => r());
      stream.on('error', () => r());
    });
    await this.container.start();
    const outcome = await this.output.awaitReady(readyLine, this.ended, readyTimeoutMs);
    if (outcome === 'ready') return;
    const what = `node ${id} (container ${this.spec.name})`;
    throw new Error(this.output.notReadyMessage(what, outcome, readyTimeoutMs, logPath));
  }

  /** SIGKILL to the container's process; resolves once it is gone. */
  async kill(): Promise<void> {
    const st = await this.state();
    if (st === 'created' || st === 'exited') return;
    // A frozen process cannot be reaped until it is thawed.
    if (st === 'paused') await this.container.unpause();
    await this.container.kill({ signal: 'SIGKILL' });
    await this.container.wait();
    await this.ended;
  }

  /** SIGTERM, then SIGKILL after graceS seconds. */
  async stop(graceS = 3): Promise<void> {
    const st = await this.state();
    if (st === 'created' || st === 'exited') return;
    if (st === 'paused') await this.container.unpause();
    await this.container.stop({ t: graceS });
    await this.ended;
  }

  async pause(): Promise<void> {
    if ((await this.state()) === 'running') await this.container.pause();
  }

  async resume(): Promise<void> {
    if ((await this.state()) === 'paused') await this.container.unpause();
  }

  /** Removes the container (force: running or paused too); idempotent. */
  async remove(): Promise<void> {
    try {
      await this.container.remove({ force: true, v: true });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    (this.attached as { destroy?: () => void } | null)?.destroy?.();
    await new Promise<void>((r) => this.log.end(() => r()));
  }
}
