// A tiny DSL for hand-built histories in tests: each call appends records
// with dense indices and a clock that moves 10 ms per record.
import type { Op, OpType, Process } from '../../core/history.ts';

const STEP_NS = 10_000_000;

/** Values a read returned, by key; pairs allow a key to repeat. */
type ReadValues = Record<string, number | null> | [string, number | null][];

export class HistoryBuilder {
  readonly ops: Op[] = [];
  private readonly open = new Map<Process, Op>();

  private add(process: Process, type: OpType, f: string, value: unknown, node?: string): number {
    const index = this.ops.length;
    const op: Op = { index, type, process, f, value, time: (index + 1) * STEP_NS };
    this.ops.push(node === undefined ? op : { ...op, node });
    return index;
  }

  invoke(process: Process, f: string, value: unknown): number {
    const i = this.add(process, 'invoke', f, value);
    this.open.set(process, this.ops[i]!);
    return i;
  }

  invokeWrite(process: number, key: string, value: number): number {
    return this.invoke(process, 'write', [['w', key, value]]);
  }

  invokeRead(process: number, keys: string[], f = 'read'): number {
    return this.invoke(
      process,
      f,
      keys.map((k) => ['r', k, null]),
    );
  }

  /** Completes the process's open op; reads pass the values they returned. */
  complete(
    process: Process,
    type: Exclude<OpType, 'invoke'>,
    values?: ReadValues,
    node?: string,
  ): number {
    const inv = this.open.get(process);
    if (inv === undefined) throw new Error(`process ${String(process)} has no open op`);
    this.open.delete(process);
    const value =
      values === undefined
        ? inv.value
        : (Array.isArray(values) ? values : Object.entries(values)).map(([k, v]) => ['r', k, v]);
    return this.add(process, type, inv.f, value, node);
  }

  /** An acknowledged (or info/fail) write; returns the completion's index. */
  w(process: number, key: string, value: number, type: Exclude<OpType, 'invoke'> = 'ok'): number {
    this.invokeWrite(process, key, value);
    return this.complete(process, type);
  }

  /** A read that returned `values` in key order; returns the completion's index. */
  r(process: number, values: ReadValues, f = 'read'): number {
    const keys = Array.isArray(values) ? values.map(([k]) => k) : Object.keys(values);
    this.invokeRead(process, keys, f);
    return this.complete(process, 'ok', values);
  }

  nemesis(f: string, value: unknown = null): number {
    return this.add('nemesis', 'info', f, value);
  }
}
