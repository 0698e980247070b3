// Link faults a proxy applies to the bytes it forwards, in the spirit of
// tc netem and Toxiproxy, adapted to a byte stream (see LinkFaults).
import type { LinkFaultSpec } from '../core/cluster.ts';

/**
 * Faults on one directed link, applied per connection and per direction.
 * "chunk" framing (default): the stream is opaque. A lost chunk cannot be
 * dropped alone without corrupting whatever framing the peers use, so loss
 * resets the whole connection (what a TCP connection that gives up on a peer
 * does); duplication is refused, since a repeated chunk would be garbage.
 * "line" framing: the peers speak newline-delimited messages; loss drops
 * whole lines and duplication repeats whole lines — message-level faults.
 * Latency never reorders bytes; jitter only stretches the gaps.
 */
export type LinkFaults = LinkFaultSpec;

export class LinkFaultError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LinkFaultError';
  }
}

function checkRate(name: string, x: number | undefined): void {
  if (x !== undefined && !(Number.isFinite(x) && x >= 0 && x <= 1))
    throw new LinkFaultError(`link fault ${name} must be a number in [0, 1], got ${x}`);
}

function checkNonNegative(name: string, x: number | undefined): void {
  if (x !== undefined && !(Number.isFinite(x) && x >= 0))
    throw new LinkFaultError(`link fault ${name} must be a non-negative number, got ${x}`);
}

/** Throws LinkFaultError naming the bad field; returns the faults unchanged. */
export function validateLinkFaults(f: LinkFaults): LinkFaults {
  checkNonNegative('latencyMs', f.latencyMs);
  checkNonNegative('jitterMs', f.jitterMs);
  checkNonNegative('slowCloseMs', f.slowCloseMs);
  checkRate('lossRate', f.lossRate);
  checkRate('duplicateRate', f.duplicateRate);
  if (f.bandwidthBytesPerS !== undefined && !(f.bandwidthBytesPerS > 0))
    throw new LinkFaultError(
      `link fault bandwidthBytesPerS must be a positive number, got ${f.bandwidthBytesPerS}`,
    );
  if (f.framing !== undefined && f.framing !== 'chunk' && f.framing !== 'line')
    throw new LinkFaultError(`link fault framing must be "chunk" or "line", got ${f.framing}`);
  if ((f.duplicateRate ?? 0) > 0 && (f.framing ?? 'chunk') !== 'line')
    throw new LinkFaultError(
      'link fault duplicateRate needs framing "line": a duplicated chunk of an opaque byte stream would corrupt it, not repeat a message',
    );
  return f;
}

/** True when the faults change nothing, so the proxy can forward directly. */
export function isNoFault(f: LinkFaults | null): boolean {
  return (
    f === null ||
    (!f.latencyMs &&
      !f.jitterMs &&
      !f.lossRate &&
      !f.duplicateRate &&
      !f.bandwidthBytesPerS &&
      !f.slowCloseMs)
  );
}

/** Splits buffered bytes into complete lines (newline kept) and the rest. */
export function splitLines(pending: Buffer, chunk: Buffer): { lines: Buffer[]; rest: Buffer } {
  let buf = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
  const lines: Buffer[] = [];
  for (let nl = buf.indexOf(10); nl >= 0; nl = buf.indexOf(10)) {
    lines.push(buf.subarray(0, nl + 1));
    buf = buf.subarray(nl + 1);
  }
  return { lines, rest: buf };
}
