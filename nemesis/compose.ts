// One nemesis from several: ops route by f, needs are the union, and healAll
// undoes every fault in an order that lets later steps succeed.
import type { FaultKind } from '../core/cluster.ts';
import { unknownF } from './errors.ts';
import type { Nemesis, NemesisResult } from './nemesis.ts';

/**
 * Resume before restart (a paused node cannot be restarted cleanly), restart
 * before clocks (the store's own offset needs a running node), partitions and
 * links in between.
 */
const HEAL_ORDER: readonly FaultKind[] = ['pause', 'kill', 'partition', 'link', 'clock'];

function healRank(n: Nemesis): number {
  const ranks = n.needs.map((k) => HEAL_ORDER.indexOf(k)).filter((i) => i >= 0);
  return ranks.length === 0 ? HEAL_ORDER.length : Math.min(...ranks);
}

export class ComposeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ComposeError';
  }
}

export function composeNemesis(nemeses: readonly Nemesis[]): Nemesis {
  const byF = new Map<string, Nemesis>();
  for (const n of nemeses) {
    for (const f of n.fs) {
      if (byF.has(f)) throw new ComposeError(`two nemeses handle f ${JSON.stringify(f)}`);
      byF.set(f, n);
    }
  }
  const fs = [...byF.keys()];
  const healOrder = [...nemeses].sort((a, b) => healRank(a) - healRank(b));
  return {
    needs: [...new Set(nemeses.flatMap((n) => n.needs))],
    fs,
    async invoke(op, ctx) {
      const n = byF.get(op.f);
      if (!n) throw unknownF(op.f, fs);
      return n.invoke(op, ctx);
    },
    async healAll(ctx): Promise<NemesisResult> {
      // Every part heals even when an earlier one fails: never leave a fault behind silently.
      const steps: Record<string, unknown>[] = [];
      const errors: string[] = [];
      const nodes = new Set<string>();
      for (const n of healOrder) {
        try {
          const r = await n.healAll(ctx);
          steps.push({ [n.needs.join('+') || 'noop']: r.value });
          for (const id of r.nodes ?? []) nodes.add(id);
          if (r.error) errors.push(r.error);
        } catch (err) {
          errors.push(`${n.needs.join('+')}: ${(err as Error).message}`);
        }
      }
      return {
        value: steps,
        nodes: [...nodes].sort(),
        ...(errors.length > 0 ? { error: errors.join('; ') } : {}),
      };
    },
  };
}
