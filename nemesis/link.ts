// Link faults (latency, jitter, loss, duplication, bandwidth, slow close) on
// directed node links, through the optional Cluster.setLinkFaults.
import type { Cluster, Link, LinkFaultSpec } from '../core/cluster.ts';
import { NemesisOpError, unknownF } from './errors.ts';
import type { Nemesis, NemesisContext, NemesisResult } from './nemesis.ts';
import { resolveTarget, type FindLeader } from './targets.ts';

const FS = ['start-link', 'stop-link'];

/** What a link fault does when the op does not say: a slow, lossy WAN-like link. */
export const DEFAULT_LINK_FAULTS: LinkFaultSpec = { latencyMs: 50, jitterMs: 25 };

function allLinks(ids: readonly string[]): Link[] {
  return ids.flatMap((from) => ids.filter((to) => to !== from).map((to) => ({ from, to })));
}

function setter(cluster: Cluster) {
  if (!cluster.setLinkFaults)
    throw new NemesisOpError('this backend has no link faults (Cluster.setLinkFaults is missing)');
  return cluster.setLinkFaults.bind(cluster);
}

/**
 * start-link value: {target?, faults?}. The faults apply to every link into
 * and out of the target nodes ("all": every link). The seed for loss and
 * jitter draws comes from ctx.random unless the op gives one.
 */
async function linksFor(
  value: Record<string, unknown>,
  ctx: NemesisContext,
  findLeader: FindLeader,
) {
  const all = ctx.cluster.nodes.map((n) => n.id);
  if (Array.isArray(value.links)) return value.links as Link[];
  if (value.target === 'all') return allLinks(all);
  const ids = await resolveTarget(value.target ?? 'random', ctx, findLeader);
  return allLinks(all).filter((l) => ids.includes(l.from) || ids.includes(l.to));
}

export function linkNemesis(opts: { findLeader: FindLeader; faults?: LinkFaultSpec }): Nemesis {
  let faulty: Link[] = [];
  const clear = async (ctx: NemesisContext): Promise<NemesisResult> => {
    const links = allLinks(ctx.cluster.nodes.map((n) => n.id));
    await setter(ctx.cluster)(links, null);
    const nodes = [...new Set(faulty.flatMap((l) => [l.from, l.to]))].sort();
    faulty = [];
    return { value: { cleared: 'all links' }, nodes };
  };
  return {
    needs: ['link'],
    fs: FS,
    async invoke(op, ctx): Promise<NemesisResult> {
      if (op.f === 'stop-link') return clear(ctx);
      if (op.f !== 'start-link') throw unknownF(op.f, FS);
      const v = (typeof op.value === 'object' && op.value !== null ? op.value : {}) as Record<
        string,
        unknown
      >;
      const links = await linksFor(v, ctx, opts.findLeader);
      const given = (v.faults ?? opts.faults ?? DEFAULT_LINK_FAULTS) as LinkFaultSpec;
      const faults = { ...given, seed: given.seed ?? Math.floor(ctx.random() * 0x7fffffff) };
      const applied = await setter(ctx.cluster)(links, faults);
      faulty = [...faulty, ...links];
      return {
        value: {
          links: links.map((l) => `${l.from}->${l.to}`),
          faults,
          ...(applied?.appliedMs !== undefined ? { appliedMs: applied.appliedMs } : {}),
        },
        nodes: [...new Set(links.flatMap((l) => [l.from, l.to]))].sort(),
      };
    },
    healAll: clear,
  };
}
