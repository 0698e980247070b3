// Shared plumbing for the kv session checkers: pairs each client invoke with
// its completion (sessions are sequential, so the next record of the same
// process completes it), extracts reads and writes as integer versions, and
// collects anomalies with a cap so a broken store cannot exhaust memory.
import type { Anomaly } from './checker.ts';
import { microOps, type Op } from '../core/history.ts';

/** One client op, invoke and completion together. */
export interface Completed {
  readonly process: number;
  readonly invoke: Op;
  readonly done: Op;
}

/** A micro-op with its version: null (absent) is version 0, older than every write. */
export interface VersionedMicro {
  readonly key: string;
  readonly version: number;
}

/** Streams client ops and calls `onComplete` once per invoke/completion pair. */
export function pairer(onComplete: (c: Completed) => void): (op: Op) => void {
  const open = new Map<number, Op>();
  return (op) => {
    if (typeof op.process !== 'number') return;
    if (op.type === 'invoke') {
      open.set(op.process, op);
      return;
    }
    const invoke = open.get(op.process);
    if (invoke === undefined) return;
    open.delete(op.process);
    onComplete({ process: op.process, invoke, done: op });
  };
}

/** The f of the reads the run takes after every fault healed (workloads/kv-generator.ts finalReads). */
export const FINAL_READ = 'final-read';

/**
 * `pairer` for the session checkers: final reads come from their own
 * processes after the faults healed and the quiesce, pinned one per node, so
 * they are convergence's and lost-writes' evidence, not a session's reads.
 */
export function sessionPairer(onComplete: (c: Completed) => void): (op: Op) => void {
  return pairer((c) => {
    if (c.invoke.f !== FINAL_READ) onComplete(c);
  });
}

/** The version a read or write micro-op names; throws when the workload broke the integer rule. */
export function versionOf(value: unknown, key: string, op: Op): number {
  if (value === null) return 0;
  if (typeof value === 'number' && Number.isInteger(value) && value > 0) return value;
  throw new Error(
    `op ${op.index}: value of ${key} must be a positive integer or null (versions count up 1, 2, 3...), got ${JSON.stringify(value)}`,
  );
}

function micros(value: unknown, tag: string, op: Op): VersionedMicro[] {
  const ms = microOps(value);
  if (ms === null) return [];
  const out: VersionedMicro[] = [];
  for (const [t, key, v] of ms) if (t === tag) out.push({ key, version: versionOf(v, key, op) });
  return out;
}

/** Reads an ok op returned (from its completion's value). Empty for other outcomes. */
export function readsOf(c: Completed): VersionedMicro[] {
  return c.done.type === 'ok' ? micros(c.done.value, 'r', c.done) : [];
}

/** Writes an op attempted (from its invoke, which always carries the value). */
export function writesOf(c: Completed): VersionedMicro[] {
  return micros(c.invoke.value, 'w', c.invoke);
}

/** Writes known when the op is invoked, for checkers that need them before completion. */
export function invokedWrites(op: Op): VersionedMicro[] {
  return micros(op.value, 'w', op);
}

/** Seconds with two decimals, for explanations. */
export function secs(timeNs: number): string {
  return `${(timeNs / 1e9).toFixed(2)} s`;
}

/** How a version reads in a sentence. */
export function shown(version: number): string {
  return version === 0 ? 'nothing (key absent)' : String(version);
}

/** Keeps the first `limit` anomalies and counts all of them. */
export class AnomalyLog {
  readonly kept: Anomaly[] = [];
  count = 0;
  constructor(readonly limit = 100) {}

  add(kind: string, ops: readonly number[], explanation: string): void {
    this.count++;
    if (this.kept.length >= this.limit) return;
    const sorted = [...new Set(ops)].sort((a, b) => a - b);
    this.kept.push({ kind, ops: sorted, explanation });
  }
}
