// Ports for node listeners, chosen below the kernel's ephemeral range. A
// connect() to a dead port inside that range can pick the very same port as
// its source and connect to itself (TCP simultaneous open); that socket then
// holds the port, and the node cannot bind it again on restart. Outside the
// range no source port can collide. A port is found by binding it and
// releasing it, so another process could still take it before the node
// binds; up() reports that as a node that never got ready, with its log tail.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

export const LOOPBACK = '127.0.0.1';

const SPAN = 10_000;

/** [first, last] of the range to draw from: just below the ephemeral ports. */
export function nodePortRange(ephemeralText?: string): [number, number] {
  let low = 32768;
  try {
    const text = ephemeralText ?? readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8');
    const parsed = Number(text.trim().split(/\s+/)[0]);
    if (Number.isInteger(parsed) && parsed > 0) low = parsed;
  } catch {
    // Not Linux: assume the IANA default.
  }
  const first = Math.max(1024, low - SPAN);
  return [first, Math.max(first, low - 1)];
}

function canBind(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, LOOPBACK, () => srv.close(() => resolve(true)));
  });
}

// Where this process looks next. Starting from the pid spreads concurrent
// controllers over the range without a random source.
let cursor = -1;

/** n distinct ports that are free right now, outside the ephemeral range. */
export async function freePorts(n: number): Promise<number[]> {
  const [first, last] = nodePortRange();
  const size = last - first + 1;
  if (cursor < 0) cursor = (process.pid * 7919) % size;
  const out: number[] = [];
  for (let tried = 0; out.length < n; tried++) {
    if (tried >= size) throw new Error(`only ${out.length} of ${n} free ports in ${first}-${last}`);
    const port = first + (cursor % size);
    cursor = (cursor + 1) % size;
    if (await canBind(port)) out.push(port);
  }
  return out;
}
