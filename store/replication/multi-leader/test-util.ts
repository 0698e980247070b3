// A multi-leader cluster on the simulated world for this mode's tests: nodes
// built from store flags (as the simulation backend builds them), with
// helpers to write, read every node, and wait until nothing is pending.
import { expect } from 'vitest';
import { ContractCluster } from '../contract-cluster.ts';
import type { ReadOk } from '../../outcomes.ts';
import type { RequestOptions, Value } from '../../protocol.ts';

export const IDS = ['n1', 'n2', 'n3'];

export class MlCluster extends ContractCluster {
  constructor(flags: readonly string[], ids: readonly string[] = IDS, seed = 1) {
    super(ids, ['--mode', 'multi-leader', ...flags], seed);
  }

  /** A write with options, which must be acknowledged by `id`. */
  async put(id: string, key: string, value: Value, options: RequestOptions = {}) {
    const r = await this.call(id, (n) => n.write(key, value, options));
    if (!r.ok) throw new Error(`write refused: ${r.message}`);
    return r;
  }

  async get(id: string, key: string): Promise<ReadOk> {
    const r = await this.read(id, [key]);
    if (!r.ok) throw new Error(`read refused: ${r.message}`);
    return r;
  }

  /** Changes node `id` has not yet delivered, per peer. */
  pending(id: string): Record<string, number> {
    const p = this.node(id).status().pending as Record<string, { ops: number }>;
    return Object.fromEntries(Object.entries(p).map(([peer, b]) => [peer, b.ops]));
  }

  drained(): boolean {
    return [...this.nodes.keys()].every((id) =>
      Object.values(this.pending(id)).every((n) => n === 0),
    );
  }

  /** Runs until no node has anything pending; fails the test after maxMs virtual ms. */
  async settle(maxMs = 10_000): Promise<void> {
    for (let t = 0; !this.drained(); t += 50) {
      if (t >= maxMs)
        throw new Error(`still pending after ${maxMs} ms: ${JSON.stringify(this.allPending())}`);
      await this.run(50);
    }
  }

  allPending(): Record<string, Record<string, number>> {
    return Object.fromEntries([...this.nodes.keys()].map((id) => [id, this.pending(id)]));
  }

  /** What every live node serves for key: [value or siblings' values]. */
  async everywhere(key: string): Promise<unknown[]> {
    const out: unknown[] = [];
    for (const id of this.nodes.keys()) {
      const r = await this.get(id, key);
      out.push(
        r.siblings?.[key] ? { siblings: r.siblings[key]!.map((s) => s.value) } : r.values[key],
      );
    }
    return out;
  }
}

/** Every node serves the same thing for key; returns it. */
export async function converged(c: MlCluster, key: string): Promise<unknown> {
  const all = await c.everywhere(key);
  for (const x of all) expect(x).toEqual(all[0]);
  return all[0];
}
