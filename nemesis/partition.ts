// Network partitions: the grudge shapes of grudges.ts applied through
// Cluster.partition, and healed by stop-partition or healAll.
import { splitGrudge, type FaultApplied, type Grudge } from '../core/cluster.ts';
import { NemesisOpError, unknownF } from './errors.ts';
import {
  bridge,
  grudgeFromJson,
  grudgeNodes,
  grudgeToJson,
  halves,
  isolate,
  majoritiesRing,
  oneWay,
} from './grudges.ts';
import type { Nemesis, NemesisContext, NemesisResult } from './nemesis.ts';
import { pickOne, type FindLeader } from './targets.ts';

export const PARTITION_KINDS = [
  'halves',
  'isolate',
  'isolate-leader',
  'majorities-ring',
  'bridge',
  'one-way',
] as const;
export type PartitionKind = (typeof PARTITION_KINDS)[number];

export function isPartitionKind(x: unknown): x is PartitionKind {
  return typeof x === 'string' && (PARTITION_KINDS as readonly string[]).includes(x);
}

interface Shape {
  readonly grudge: Grudge;
  readonly describe: Record<string, unknown>;
}

async function shapeFor(
  value: unknown,
  ctx: NemesisContext,
  findLeader: FindLeader,
): Promise<Shape> {
  const nodes = ctx.cluster.nodes.map((n) => n.id);
  const r = ctx.random;
  const split = (kind: string, comps: string[][], extra: Record<string, unknown> = {}): Shape => ({
    grudge: splitGrudge(comps),
    describe: { kind, components: comps, ...extra },
  });
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const v = value as Record<string, unknown>;
    if (typeof v.isolate === 'string') return split('isolate', isolate(nodes, v.isolate));
    if (Array.isArray(v.components)) return split('components', v.components as string[][]);
    if (v.grudge !== undefined)
      return { grudge: grudgeFromJson(v.grudge), describe: { kind: 'grudge' } };
  }
  switch (value) {
    case 'halves':
      return split('halves', halves(nodes, r));
    case 'isolate':
      return split('isolate', isolate(nodes, pickOne(nodes, r)));
    case 'isolate-leader': {
      const leader = await findLeader(ctx.cluster);
      if (leader === null) throw new NemesisOpError('isolate-leader: no node reports a leader');
      return split('isolate-leader', isolate(nodes, leader), { leader });
    }
    case 'majorities-ring':
      return { grudge: majoritiesRing(nodes, r), describe: { kind: 'majorities-ring' } };
    case 'bridge': {
      const b = bridge(nodes, r);
      return { grudge: b.grudge, describe: { kind: 'bridge', bridge: b.bridge, sides: b.sides } };
    }
    case 'one-way': {
      const o = oneWay(nodes, r);
      return { grudge: o.grudge, describe: { kind: 'one-way', deaf: o.deaf, heard: o.heard } };
    }
  }
  throw new NemesisOpError(
    `start-partition value must be one of ${PARTITION_KINDS.join(', ')}, {isolate: node}, {components: [[...]]} or {grudge: {node: [...]}}; got ${JSON.stringify(value)}`,
  );
}

const timing = (a: void | FaultApplied) =>
  a && a.appliedMs !== undefined ? { appliedMs: Math.round(a.appliedMs * 1000) / 1000 } : {};

export function partitionNemesis(opts: { findLeader: FindLeader }): Nemesis {
  return {
    needs: ['partition'],
    fs: ['start-partition', 'stop-partition'],
    async invoke(op, ctx): Promise<NemesisResult> {
      if (op.f === 'stop-partition') {
        const applied = await ctx.cluster.heal();
        return { value: { healed: 'all links', ...timing(applied) }, nodes: [] };
      }
      if (op.f !== 'start-partition') throw unknownF(op.f, ['start-partition', 'stop-partition']);
      const shape = await shapeFor(op.value, ctx, opts.findLeader);
      const applied = await ctx.cluster.partition(shape.grudge);
      const nodes = grudgeNodes(shape.grudge);
      const note =
        nodes.length === 0 ? { note: 'this shape cuts no link at this cluster size' } : {};
      return {
        value: {
          ...shape.describe,
          grudge: grudgeToJson(shape.grudge),
          ...timing(applied),
          ...note,
        },
        nodes,
      };
    },
    async healAll(ctx) {
      const applied = await ctx.cluster.heal();
      return { value: { healed: 'all links', ...timing(applied) }, nodes: [] };
    },
  };
}
