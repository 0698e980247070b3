// Process pauses: SIGSTOP-like freeze and resume. A paused node neither sends
// nor answers, which looks like a partition to its peers but keeps its
// connections, so old messages arrive all at once on resume.
import { unknownF } from './errors.ts';
import type { Nemesis, NemesisResult } from './nemesis.ts';
import { resolveTarget, undoTargets, type FindLeader } from './targets.ts';

const FS = ['pause', 'resume'];

export function pauseNemesis(opts: { findLeader: FindLeader }): Nemesis {
  const paused = new Set<string>();
  return {
    needs: ['pause'],
    fs: FS,
    async invoke(op, ctx): Promise<NemesisResult> {
      if (op.f === 'pause') {
        const running = ctx.cluster.nodes.map((n) => n.id).filter((id) => !paused.has(id));
        const ids = await resolveTarget(op.value, ctx, opts.findLeader, running);
        await Promise.all(ids.map((id) => ctx.cluster.pause(id)));
        for (const id of ids) paused.add(id);
        return { value: { paused: ids }, nodes: ids };
      }
      if (op.f !== 'resume') throw unknownF(op.f, FS);
      const ids = await undoTargets(op.value, paused, ctx, opts.findLeader);
      await Promise.all(ids.map((id) => ctx.cluster.resume(id)));
      for (const id of ids) paused.delete(id);
      return { value: { resumed: ids }, nodes: ids };
    },
    async healAll(ctx) {
      const states = ctx.cluster.nodeStates?.() ?? {};
      const unexpected = Object.keys(states).filter(
        (id) => states[id] === 'paused' && !paused.has(id),
      );
      const ids = [...new Set([...paused, ...unexpected])].sort();
      await Promise.all(ids.map((id) => ctx.cluster.resume(id)));
      paused.clear();
      return {
        value: {
          resumed: ids,
          ...(unexpected.length > 0 ? { pausedWithoutFault: unexpected.sort() } : {}),
        },
        nodes: ids,
      };
    },
  };
}
