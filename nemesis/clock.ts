// Clock faults: bump a node's wall clock by ±deltaMs, strobe it between two
// offsets, run its monotonic clock slow (slow-clock: timers fire late, so a
// leader notices lost contact late), reset them. The backend decides how
// (libfaketime, the store's own offset, the simulator); the result records
// which, so a report can say what was skewed.
import type { FaultApplied } from '../core/cluster.ts';
import { NemesisOpError, realSleepMs, unknownF, type SleepMs } from './errors.ts';
import type { Nemesis, NemesisContext, NemesisResult } from './nemesis.ts';
import { resolveTarget, undoesAll, type FindLeader } from './targets.ts';

export interface ClockOptions {
  readonly findLeader: FindLeader;
  readonly sleepMs?: SleepMs;
}

const FS = ['bump-clock', 'strobe-clock', 'slow-clock', 'reset-clock'];

function num(v: Record<string, unknown>, field: string, f: string): number {
  const x = v[field];
  if (typeof x !== 'number' || !Number.isFinite(x))
    throw new NemesisOpError(`${f} needs a number ${field}, got ${JSON.stringify(x)}`);
  return x;
}

function fields(value: unknown, f: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new NemesisOpError(`${f} value must be an object, got ${JSON.stringify(value)}`);
  return value as Record<string, unknown>;
}

function clockRate(ctx: NemesisContext, id: string, rate: number): Promise<void | FaultApplied> {
  if (!ctx.cluster.setClockRate)
    throw new NemesisOpError(
      'slow-clock needs a backend that runs a node clock at another rate: --backend sim',
    );
  return ctx.cluster.setClockRate(id, rate);
}

export function clockNemesis(opts: ClockOptions): Nemesis {
  const sleepMs = opts.sleepMs ?? realSleepMs;
  const offsetsMs = new Map<string, number>();
  let via: string | undefined;
  const set = async (ctx: NemesisContext, id: string, offsetMs: number) => {
    const applied: void | FaultApplied = await ctx.cluster.setClockOffset(id, offsetMs);
    if (applied?.via) via = applied.via;
    if (offsetMs === 0) offsetsMs.delete(id);
    else offsetsMs.set(id, offsetMs);
  };
  const report = (ids: readonly string[], extra: Record<string, unknown> = {}): NemesisResult => ({
    value: {
      offsetsMs: Object.fromEntries(ids.map((id) => [id, offsetsMs.get(id) ?? 0])),
      ...extra,
      ...(via ? { via } : {}),
    },
    nodes: ids,
  });
  const rates = new Map<string, number>();
  const setRate = async (ctx: NemesisContext, id: string, rate: number) => {
    const applied = await clockRate(ctx, id, rate);
    if (applied?.via) via = applied.via;
    if (rate === 1) rates.delete(id);
    else rates.set(id, rate);
  };
  const reset = async (ctx: NemesisContext, id: string) => {
    await set(ctx, id, 0);
    if (rates.has(id)) await setRate(ctx, id, 1);
  };
  const resetAll = async (ctx: NemesisContext) => {
    const ids = ctx.cluster.nodes.map((n) => n.id);
    for (const id of ids) await reset(ctx, id);
    return report(ids);
  };
  return {
    needs: ['clock'],
    fs: FS,
    async invoke(op, ctx): Promise<NemesisResult> {
      if (op.f === 'reset-clock') {
        if (undoesAll(op.value)) return resetAll(ctx);
        const ids = await resolveTarget(op.value, ctx, opts.findLeader);
        for (const id of ids) await reset(ctx, id);
        return report(ids);
      }
      if (!FS.includes(op.f)) throw unknownF(op.f, FS);
      const v = fields(op.value, op.f);
      if (op.f === 'slow-clock') {
        const rate = num(v, 'rate', op.f);
        if (!(rate > 0 && rate <= 1))
          throw new NemesisOpError(`slow-clock rate must be in (0, 1], got ${rate}`);
        const ids = await resolveTarget(v.target ?? 'random', ctx, opts.findLeader);
        for (const id of ids) await setRate(ctx, id, rate);
        return report(ids, { rate });
      }
      const deltaMs = num(v, 'deltaMs', op.f);
      const ids = await resolveTarget(v.target ?? 'random', ctx, opts.findLeader);
      if (op.f === 'bump-clock') {
        for (const id of ids) await set(ctx, id, (offsetsMs.get(id) ?? 0) + deltaMs);
        return report(ids, { deltaMs });
      }
      const periodMs = num(v, 'periodMs', op.f);
      const durationMs = num(v, 'durationMs', op.f);
      if (periodMs <= 0)
        throw new NemesisOpError(`strobe-clock periodMs must be > 0, got ${periodMs}`);
      const base = new Map(ids.map((id) => [id, offsetsMs.get(id) ?? 0]));
      let flips = 0;
      for (let t = 0; t < durationMs; t += periodMs) {
        const high = flips % 2 === 0;
        for (const id of ids) await set(ctx, id, base.get(id)! + (high ? deltaMs : 0));
        flips++;
        await sleepMs(Math.min(periodMs, durationMs - t));
      }
      for (const id of ids) await set(ctx, id, base.get(id)!);
      return report(ids, { strobe: { deltaMs, periodMs, durationMs, flips } });
    },
    healAll: resetAll,
  };
}
