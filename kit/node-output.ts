// What a store node prints, read the same way whether it runs as a process
// or in a container: every byte appended to its log, the last lines kept for
// error messages, and the node's "ready <id> client=.. peer=.." line awaited
// (store/main.ts prints it once both listeners are bound).
const TAIL_LINES = 30;
const READY = /^ready (\S+) client=\d+ peer=\d+/;

/** A node whose output is read for its ready line: who, with what environment, logged where. */
export interface OutputNode {
  readonly id: string;
  readonly env: Readonly<Record<string, string>>;
  /** nodes/<id>.log: everything it prints. */
  readonly logPath: string;
  /** How long it may take to print its ready line. */
  readonly readyTimeoutMs: number;
}

export type ReadyOutcome = 'ready' | 'exited' | 'timeout';

interface LogSink {
  write(chunk: Buffer): unknown;
}

export class NodeOutput {
  private readonly tail: string[] = [];
  private onReady: (() => void) | null = null;

  constructor(private readonly id: string) {}

  /** Resolves when the next ready line of this node is read; call it before the node starts. */
  readyLine(): Promise<void> {
    return new Promise((resolve) => (this.onReady = resolve));
  }

  /** A 'data' listener for one output stream of one run; prefix marks stderr lines in the tail. */
  sink(log: LogSink, prefix = ''): (chunk: Buffer) => void {
    let partial = '';
    return (chunk) => {
      log.write(chunk);
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        this.tail.push(prefix + line);
        if (this.tail.length > TAIL_LINES) this.tail.shift();
        if (READY.exec(line)?.[1] === this.id) this.onReady?.();
      }
    };
  }

  /** The last lines the node printed. */
  tailText(): string {
    return this.tail.join('\n');
  }

  /** Which comes first: the ready line, the end of the run, or timeoutMs. */
  async awaitReady(
    readyLine: Promise<void>,
    ended: Promise<unknown>,
    timeoutMs: number,
  ): Promise<ReadyOutcome> {
    let timer: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([
      readyLine.then(() => 'ready' as const),
      ended.then(() => 'exited' as const),
      new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), timeoutMs))),
    ]);
    clearTimeout(timer);
    return outcome;
  }

  /** Why the node did not get ready, where its log is, and its last lines. */
  notReadyMessage(
    what: string,
    outcome: Exclude<ReadyOutcome, 'ready'>,
    timeoutMs: number,
    logPath: string,
  ): string {
    const why =
      outcome === 'exited'
        ? 'exited before it was ready'
        : `printed no "ready ${this.id} ..." line within ${timeoutMs} ms`;
    return `${what} ${why} (log: ${logPath}); last lines:\n${this.tailText() || '(no output)'}`;
  }
}
