// Leaderless clusters on the simulated world for this mode's tests: nodes
// built from store flags (as every backend builds them), keys picked by where
// the ring homes them, and reads that name what a client would get.
import { ContractCluster, refusalText } from '../contract-cluster.ts';
import type { ReadOk, ReadOutcome, WriteOk } from '../../outcomes.ts';
import type { RequestOptions, Value } from '../../protocol.ts';
import { partitionOf, Ring } from './ring.ts';

export function ids(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `n${i + 1}`);
}

export function leaderlessCluster(
  count: number,
  flags: readonly string[],
  seed = 1,
): ContractCluster {
  return new ContractCluster(ids(count), ['--mode', 'leaderless', ...flags], seed);
}

/** A key whose home replicas (in ring order) start with `homes`. */
export function keyHomedOn(count: number, n: number, homes: readonly string[]): string {
  const ring = new Ring(ids(count), n);
  for (let i = 0; i < 100_000; i++) {
    const key = `k${i}`;
    const list = ring.home(partitionOf(key));
    if (homes.every((h) => list.includes(h))) return key;
  }
  throw new Error(`no key homed on ${homes.join(',')}`);
}

export function okRead(r: ReadOutcome): ReadOk {
  if (!r.ok) throw new Error(`read refused: ${refusalText(r)}`);
  return r;
}

/** What a client reading `key` at `node` gets: a value, or {siblings: [...]}. */
export async function seen(
  c: ContractCluster,
  node: string,
  key: string,
  options: RequestOptions = {},
): Promise<Value | { siblings: Value[] }> {
  const r = okRead(await c.read(node, [key], options));
  const sibs = r.siblings?.[key];
  return sibs ? { siblings: sibs.map((s) => s.value) } : r.values[key]!;
}

export async function writeOk(
  c: ContractCluster,
  node: string,
  key: string,
  value: Value,
  options: RequestOptions = {},
): Promise<WriteOk> {
  const r = await c.call(node, (x) => x.write(key, value, options));
  if (!r.ok) throw new Error(`write refused: ${refusalText(r)}`);
  return r;
}
