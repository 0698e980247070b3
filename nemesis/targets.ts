// Which nodes a fault op hits. Targets are resolved at invoke time, drawing
// only from ctx.random, so a seed repeats the choice.
import type { FindLeader } from '../core/system.ts';
import type { NemesisContext } from './nemesis.ts';

export const NAMED_TARGETS = ['random', 'leader', 'non-leader', 'majority', 'minority', 'all'];

/** Asks the system under test who leads (its descriptor gives it, core/system.ts). */
export type { FindLeader } from '../core/system.ts';

export class TargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TargetError';
  }
}

/** Fisher-Yates with the injected random. */
export function shuffle<T>(xs: readonly T[], random: () => number): T[] {
  const out = xs.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export function pickOne<T>(xs: readonly T[], random: () => number): T {
  if (xs.length === 0) throw new TargetError('no node to choose from');
  return xs[Math.floor(random() * xs.length)]!;
}

/** Whether an undo op (start, resume, reset-clock) means every node: no target, or "all". */
export function undoesAll(target: unknown): boolean {
  return target === undefined || target === null || target === 'all';
}

/**
 * The nodes an undo op acts on: every node this nemesis faulted (in id
 * order) when it names no target or "all", else its target.
 */
export async function undoTargets(
  target: unknown,
  faulted: Iterable<string>,
  ctx: NemesisContext,
  findLeader: FindLeader,
): Promise<string[]> {
  return undoesAll(target) ? [...faulted].sort() : resolveTarget(target, ctx, findLeader);
}

export function majorityOf(n: number): number {
  return Math.floor(n / 2) + 1;
}

/**
 * Node ids for a target, among `from` (default: every node). Unknown ids and
 * a missing leader are errors, never an empty choice.
 */
export async function resolveTarget(
  target: unknown,
  ctx: NemesisContext,
  findLeader: FindLeader,
  from?: readonly string[],
): Promise<string[]> {
  const all = ctx.cluster.nodes.map((n) => n.id);
  const pool = from ?? all;
  const checkIds = (ids: readonly string[]) => {
    for (const id of ids)
      if (!all.includes(id))
        throw new TargetError(`unknown node ${JSON.stringify(id)}; nodes are ${all.join(', ')}`);
    return [...ids];
  };
  if (Array.isArray(target)) return checkIds(target.map(String));
  if (target === undefined || target === null || target === 'random')
    return pool.length === 0 ? [] : [pickOne(pool, ctx.random)];
  switch (target) {
    case 'all':
      return [...pool];
    case 'majority':
      return shuffle(all, ctx.random).slice(0, majorityOf(all.length));
    case 'minority':
      return shuffle(all, ctx.random).slice(0, Math.max(1, majorityOf(all.length) - 1));
    case 'leader':
    case 'non-leader': {
      const leader = await findLeader(ctx.cluster);
      if (leader === null) throw new TargetError(`target ${target}: no node reports a leader`);
      if (target === 'leader') return [leader];
      return [
        pickOne(
          all.filter((id) => id !== leader),
          ctx.random,
        ),
      ];
    }
  }
  if (typeof target === 'string') return checkIds([target]);
  throw new TargetError(
    `target must be a node id, a list of ids or one of ${NAMED_TARGETS.join(', ')}; got ${JSON.stringify(target)}`,
  );
}
