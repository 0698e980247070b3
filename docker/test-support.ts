// Shared by the Docker tests: whether an engine answers, said out loud when
// not, and small HTTP helpers against a node's client API.
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import type { NodeInfo } from '../core/cluster.ts';
import { getStatus, postWrite } from '../harness/testing/store-api.ts';
import { probeDockerFacts } from './capabilities.ts';
import { engineStatus } from './engine.ts';

export const engine = await engineStatus();
export const facts = probeDockerFacts();

/** Prints why a Docker suite is skipped, so a skip is never silent. */
export function announceSkip(suite: string): void {
  if (!engine.ok) console.log(`[skip] ${suite}: ${engine.detail}`);
  else if (facts.netnsBlocker !== null)
    console.log(`[skip] ${suite}, partition tests: ${facts.netnsBlocker}`);
}

export interface NodeStatus {
  readonly role: string;
  readonly appliedLsn: number;
  readonly clockMs: number;
}

export const status = (n: NodeInfo, timeoutMs = 2000) => getStatus<NodeStatus>(n, timeoutMs);

/** Writes key=value; a refusal is an error naming the node and the answer. */
export async function write(n: NodeInfo, key: string, value: number): Promise<number> {
  const body = await postWrite(n, key, value);
  if (!body.ok || body.lsn === undefined)
    throw new Error(`write ${key}=${value} to ${n.id} refused: ${JSON.stringify(body)}`);
  return body.lsn;
}

export const sleepMs = (ms: number): Promise<void> => sleep(ms);

/** Polls until check() holds or timeoutMs passes; returns whether it held. */
export async function eventually(
  check: () => Promise<boolean>,
  timeoutMs: number,
): Promise<boolean> {
  for (let waitedMs = 0; waitedMs < timeoutMs; waitedMs += 100) {
    if (await check().catch(() => false)) return true;
    await sleepMs(100);
  }
  return check().catch(() => false);
}

/**
 * Dials host:port from inside a container's network namespace (a host node
 * process entered with nsenter), as that node's peer connections would.
 */
export async function dialFromNetns(
  pid: number,
  host: string,
  port: number,
  timeoutMs: number,
): Promise<'connected' | 'timeout' | 'refused'> {
  const script = `const s=require('net').connect(${port},'${host}');s.setTimeout(${timeoutMs});s.on('connect',()=>{console.log('connected');process.exit(0)});s.on('timeout',()=>{console.log('timeout');process.exit(0)});s.on('error',()=>{console.log('refused');process.exit(0)})`;
  const r = await execa('nsenter', ['-t', String(pid), '-n', process.execPath, '-e', script]);
  return r.stdout.trim() as 'connected' | 'timeout' | 'refused';
}
