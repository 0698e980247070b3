// A delayed replica (PostgreSQL's recovery_min_apply_delay, MySQL's
// SOURCE_DELAY): a follower holds each entry it received until the entry's
// timestamp plus a delay on its own clock, then applies it. Tests use it to
// make replication lag certain rather than a matter of timing.

/** `--apply-delay-ms`: one delay for every follower, and/or per-node delays. */
export interface ApplyDelaySpec {
  /** Delay of every node the map does not name. */
  readonly defaultMs: number;
  readonly byNodeMs: Readonly<Record<string, number>>;
}

const MAX_DELAY_MS = 3_600_000;
const HOW = 'give a number of ms for every follower (800) or per node (n2=200,n3=800)';

function delayMs(raw: string, what: string): number {
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(n) || n < 0 || n > MAX_DELAY_MS)
    throw new Error(
      `--apply-delay-ms: ${what} must be a whole number of ms from 0 to ${MAX_DELAY_MS}, got "${raw}"; ${HOW}`,
    );
  return n;
}

/** Parses "800", "n3=800" or "n2=200,n3=800"; throws an Error naming the bad part and the fix. */
export function parseApplyDelay(spec: string): ApplyDelaySpec {
  const parts = spec.split(',').map((s) => s.trim());
  if (parts.length === 1 && !parts[0]!.includes('=')) {
    return { defaultMs: delayMs(parts[0]!, 'the delay'), byNodeMs: {} };
  }
  const byNodeMs: Record<string, number> = {};
  for (const p of parts) {
    const m = /^([A-Za-z0-9_.-]+)=(.*)$/.exec(p);
    if (!m) throw new Error(`--apply-delay-ms: "${p}" is not <node>=<ms>; ${HOW}`);
    const id = m[1]!;
    if (id in byNodeMs) throw new Error(`--apply-delay-ms: node ${id} given twice; give it once`);
    byNodeMs[id] = delayMs(m[2]!, `the delay of ${id}`);
  }
  return { defaultMs: 0, byNodeMs };
}

/** Node ids the spec names that are not among nodes (to reject a typo rather than ignore it). */
export function unknownDelayNodes(spec: ApplyDelaySpec, nodes: readonly string[]): string[] {
  return Object.keys(spec.byNodeMs).filter((id) => !nodes.includes(id));
}

export function applyDelayFor(spec: ApplyDelaySpec, id: string): number {
  return spec.byNodeMs[id] ?? spec.defaultMs;
}

/** The entries a delayed follower consults: each entry's leader timestamp. */
export interface DelayedLog {
  readonly appliedLsn: number;
  entry(lsn: number): { readonly tsMs: number } | undefined;
}

/**
 * The highest LSN up to targetLsn that may be applied at nowMs: entries apply
 * in order, so the first one still held stops the rest.
 */
export function dueLsn(log: DelayedLog, targetLsn: number, nowMs: number, delayMs: number): number {
  if (delayMs <= 0) return targetLsn;
  let lsn = log.appliedLsn;
  while (lsn < targetLsn) {
    const e = log.entry(lsn + 1);
    if (e === undefined || e.tsMs + delayMs > nowMs) break;
    lsn++;
  }
  return Math.max(lsn, log.appliedLsn);
}
