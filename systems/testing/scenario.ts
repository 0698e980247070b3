// Scripted scenarios for target tests: ops issued one at a time through a
// real client, recorded as a history with the controller's clock, then
// judged by the same checkers as a run. A scenario forces the condition an
// anomaly needs (a cut link, a paused node) instead of hoping a random
// schedule produces it.
import type { CheckResult } from '../../checkers/checker.ts';
import type { Op } from '../../core/history.ts';
import { checkOps } from '../../harness/check.ts';
import type { Client, Completion } from '../../core/client.ts';
import { realClock } from '../../core/clock.ts';
import { memoryRecorder } from '../../harness/recorder.ts';

export class Scenario {
  private readonly rec = memoryRecorder();
  private readonly clock = realClock();

  constructor(private readonly opTimeoutMs = 2000) {}

  get ops(): readonly Op[] {
    return this.rec.ops;
  }

  /** Invokes one op as `process` and records its invoke and completion. */
  async op(
    client: Client,
    process: number,
    f: string,
    value: unknown,
    node?: string,
  ): Promise<Completion> {
    this.rec.append({ type: 'invoke', process, f, value, time: this.clock.nowNs() });
    const ac = new AbortController();
    const timer = setTimeout(() => ac.abort(), this.opTimeoutMs);
    let c: Completion;
    try {
      c = await client.invoke(
        { process, f, value, ...(node ? { node } : {}) },
        { signal: ac.signal, timeoutMs: this.opTimeoutMs },
      );
    } catch (err) {
      c = { type: 'info', value, error: `client threw: ${(err as Error).message}` };
    } finally {
      clearTimeout(timer);
    }
    this.rec.append({ process, f, time: this.clock.nowNs(), ...c });
    return c;
  }

  /** Writes value to key as `process` (one ["w", key, value] micro-op). */
  write(client: Client, process: number, key: string, value: number): Promise<Completion> {
    return this.op(client, process, 'write', [['w', key, value]]);
  }

  /** Reads keys as `process`, from `node` when given. */
  read(
    client: Client,
    process: number,
    keys: readonly string[],
    node?: string,
  ): Promise<Completion> {
    return this.op(
      client,
      process,
      'read',
      keys.map((k) => ['r', k, null]),
      node,
    );
  }

  check(ids: readonly string[]): Record<string, CheckResult> {
    return checkOps(this.rec.ops, ids);
  }

  /** The history as lines, for a failing assertion's message. */
  dump(): string {
    return this.rec.ops.map((o) => JSON.stringify(o)).join('\n');
  }
}
