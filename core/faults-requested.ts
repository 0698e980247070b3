// The record a run writes first in its history: the fault kinds it asked
// for and, per kind, the nemesis ops that start such a fault. From it alone
// a checker can tell whether every requested fault took effect, so a saved
// history is judged offline exactly as the run judged it.
//
//   {"index":0,"type":"info","process":"nemesis","f":"faults-requested",
//    "value":{"partition":["start-partition"],"clock":["bump-clock","strobe-clock"]},"time":0}
//
// `--nemesis none` writes `{}`: nothing asked for, nothing to miss.
import type { Op } from './history.ts';

export const FAULTS_REQUESTED = 'faults-requested';

/** Fault kind → the f of the nemesis ops that start one. */
export type FaultsRequested = Readonly<Record<string, readonly string[]>>;

export class FaultsRequestedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FaultsRequestedError';
  }
}

/** The record for these kinds, without its index (the recorder gives it one). */
export function faultsRequestedRecord(
  requested: FaultsRequested,
  timeNs: number,
): Omit<Op, 'index'> {
  return { type: 'info', process: 'nemesis', f: FAULTS_REQUESTED, value: requested, time: timeNs };
}

/** The kinds a record asked for; null for any other op; throws naming the op when malformed. */
export function faultsRequestedOf(op: Op): FaultsRequested | null {
  if (op.process !== 'nemesis' || op.f !== FAULTS_REQUESTED) return null;
  const v = op.value;
  const ok =
    typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    Object.values(v).every(
      (fs) => Array.isArray(fs) && fs.length > 0 && fs.every((f) => typeof f === 'string'),
    );
  if (!ok)
    throw new FaultsRequestedError(
      `op ${op.index}: a ${FAULTS_REQUESTED} record's value must map each fault kind to the ops that start it, e.g. {"partition": ["start-partition"]}; got ${JSON.stringify(v)}`,
    );
  return v as FaultsRequested;
}
