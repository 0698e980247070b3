// Crashes: SIGKILL-like kill and restart from the data dir. A kill may
// restart by itself after a delay ({target, restartAfterMs}), which is how a
// crash-recovery cycle fits in one nemesis op.
import { realSleepMs, unknownF, type SleepMs } from './errors.ts';
import type { Nemesis, NemesisResult } from './nemesis.ts';
import { resolveTarget, undoTargets, type FindLeader } from './targets.ts';

export interface CrashOptions {
  readonly findLeader: FindLeader;
  readonly sleepMs?: SleepMs;
}

const FS = ['kill', 'start'];

/** kill value: a target (see targets.ts) or {target, restartAfterMs}. */
function parseKill(value: unknown): { target: unknown; restartAfterMs: number | null } {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const v = value as { target?: unknown; restartAfterMs?: unknown };
    const after = typeof v.restartAfterMs === 'number' ? v.restartAfterMs : null;
    return { target: v.target ?? 'random', restartAfterMs: after };
  }
  return { target: value, restartAfterMs: null };
}

export function crashNemesis(opts: CrashOptions): Nemesis {
  const sleepMs = opts.sleepMs ?? realSleepMs;
  /** Nodes this nemesis killed and has not restarted yet. */
  const down = new Set<string>();
  const restart = async (ctx: Parameters<Nemesis['invoke']>[1], ids: readonly string[]) => {
    for (const id of ids) {
      await ctx.cluster.start(id);
      down.delete(id);
    }
  };
  return {
    needs: ['kill'],
    fs: FS,
    async invoke(op, ctx): Promise<NemesisResult> {
      if (op.f === 'kill') {
        const { target, restartAfterMs } = parseKill(op.value);
        const live = ctx.cluster.nodes.map((n) => n.id).filter((id) => !down.has(id));
        const ids = await resolveTarget(target, ctx, opts.findLeader, live);
        await Promise.all(ids.map((id) => ctx.cluster.kill(id)));
        for (const id of ids) down.add(id);
        if (restartAfterMs === null) return { value: { killed: ids }, nodes: ids };
        await sleepMs(restartAfterMs);
        await restart(ctx, ids);
        return { value: { killed: ids, restarted: ids, restartAfterMs }, nodes: ids };
      }
      if (op.f !== 'start') throw unknownF(op.f, FS);
      const ids = await undoTargets(op.value, down, ctx, opts.findLeader);
      await restart(ctx, ids);
      return { value: { started: ids }, nodes: ids };
    },
    async healAll(ctx) {
      // Also nodes that died on their own: never leave one down silently.
      const states = ctx.cluster.nodeStates?.() ?? {};
      const unexpected = Object.keys(states).filter((id) => states[id] === 'down' && !down.has(id));
      const ids = [...new Set([...down, ...unexpected])].sort();
      await restart(ctx, ids);
      return {
        value: {
          started: ids,
          ...(unexpected.length > 0 ? { downWithoutFault: unexpected.sort() } : {}),
        },
        nodes: ids,
      };
    },
  };
}
