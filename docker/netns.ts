// Faults inside a container's network namespace, applied from the controller
// with nsenter (root on the Docker host), so the image needs no iptables or tc.
// Drops live in a chain of our own, replaced whole with one iptables-restore,
// so a new grudge never leaves a window where old and new rules mix.
import type { LinkFaultSpec } from '../core/cluster.ts';

export const CHAIN = 'SPLITBRAIN';
const DEVICE = 'eth0';
/** prio has at most 16 bands; band 1 carries unshaped traffic. */
export const MAX_SHAPED_LINKS = 15;

async function inNetns(pid: number, cmd: string[], input?: string): Promise<void> {
  const { execa } = await import('execa');
  const res = await execa('nsenter', ['-t', String(pid), '-n', ...cmd], {
    reject: false,
    ...(input !== undefined ? { input } : {}),
  });
  if (res.exitCode !== 0) {
    throw new Error(
      `in the network namespace of pid ${pid}, ${cmd.join(' ')} failed (exit ${res.exitCode}): ${res.stderr.trim() || res.stdout.trim()}`,
    );
  }
}

/**
 * iptables-restore input that makes the chain drop exactly these sources.
 * Declaring the chain flushes it; `hook` also jumps to it from INPUT (once
 * per namespace: a restarted container has a fresh one).
 */
export function dropRules(sourceIps: readonly string[], hook: boolean): string {
  const lines = ['*filter', `:${CHAIN} - [0:0]`];
  if (hook) lines.push(`-I INPUT -j ${CHAIN}`);
  for (const ip of [...sourceIps].sort()) lines.push(`-A ${CHAIN} -s ${ip}/32 -j DROP`);
  lines.push('COMMIT', '');
  return lines.join('\n');
}

export async function setDrops(
  pid: number,
  sourceIps: readonly string[],
  hook: boolean,
): Promise<void> {
  await inNetns(pid, ['iptables-restore', '--noflush'], dropRules(sourceIps, hook));
}

/** The drop rules in force, as iptables -S prints them (tests and diagnostics). */
export async function listDrops(pid: number): Promise<string[]> {
  const { execa } = await import('execa');
  const res = await execa('nsenter', ['-t', String(pid), '-n', 'iptables', '-S', CHAIN], {
    reject: false,
  });
  return res.stdout.split('\n').filter((l) => l.startsWith(`-A ${CHAIN}`));
}

/** netem's arguments for a spec; throws for what netem cannot express. */
export function netemArgs(f: LinkFaultSpec): string[] {
  if (f.slowCloseMs !== undefined)
    throw new Error('slowCloseMs needs a proxy; netem shapes packets and cannot delay a close');
  if (f.framing === 'line')
    throw new Error('framing "line" needs a proxy; netem drops packets, not messages');
  const args: string[] = [];
  if (f.latencyMs !== undefined || f.jitterMs !== undefined) {
    args.push('delay', `${f.latencyMs ?? 0}ms`);
    if (f.jitterMs !== undefined) args.push(`${f.jitterMs}ms`);
  }
  if (f.lossRate !== undefined) args.push('loss', `${f.lossRate * 100}%`);
  if (f.duplicateRate !== undefined) args.push('duplicate', `${f.duplicateRate * 100}%`);
  if (f.bandwidthBytesPerS !== undefined) args.push('rate', `${f.bandwidthBytesPerS * 8}bit`);
  return args.length > 0 ? args : ['delay', '0ms'];
}

/**
 * tc -batch input shaping egress per destination: a prio root whose band 1
 * takes everything by default, and one netem band per shaped destination.
 */
export function shapingBatch(rules: readonly { dstIp: string; spec: LinkFaultSpec }[]): string {
  if (rules.length > MAX_SHAPED_LINKS)
    throw new Error(`at most ${MAX_SHAPED_LINKS} shaped links per node, got ${rules.length}`);
  const lines = [
    `qdisc add dev ${DEVICE} root handle 1: prio bands ${rules.length + 1} priomap ${Array(16).fill(0).join(' ')}`,
  ];
  rules.forEach((r, i) => {
    const band = i + 2;
    lines.push(
      `qdisc add dev ${DEVICE} parent 1:${band} handle ${band + 10}: netem ${netemArgs(r.spec).join(' ')}`,
      `filter add dev ${DEVICE} parent 1: protocol ip prio 1 u32 match ip dst ${r.dstIp}/32 flowid 1:${band}`,
    );
  });
  return lines.join('\n') + '\n';
}

/** Replaces the node's egress shaping; no rules: back to the default qdisc. */
export async function setShaping(
  pid: number,
  rules: readonly { dstIp: string; spec: LinkFaultSpec }[],
): Promise<void> {
  // Deleting a root qdisc that is already the default fails harmlessly.
  const { execa } = await import('execa');
  await execa('nsenter', ['-t', String(pid), '-n', 'tc', 'qdisc', 'del', 'dev', DEVICE, 'root'], {
    reject: false,
  });
  if (rules.length === 0) return;
  await inNetns(pid, ['tc', '-batch', '-'], shapingBatch(rules));
}
