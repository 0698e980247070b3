// How one fault touched one node, in a clause for the cause summary ("while n2
// was partitioned from the leader n1"), and which node took the writes while
// it lasted, so "the leader" is named from the history, not assumed.
import type { Op } from '../core/history.ts';
import { byNode, grudgeNodes, linkFaultWords, linkList, signed } from './fault-words.ts';
import type { FaultInterval } from './faults.ts';

export interface Writer {
  readonly node: string;
  /** Its share of the acknowledged writes in the span, 0..1. */
  readonly share: number;
}

/** Below this many acknowledged writes a share says nothing. */
const MIN_WRITES = 3;
/** A node that took this share of the writes is where writes went. */
const WRITER_SHARE = 0.9;

function isWrite(op: Op): boolean {
  if (op.f === 'write' || op.f === 'append' || op.f === 'cas') return true;
  return (
    Array.isArray(op.value) &&
    op.value.some((m) => Array.isArray(m) && (m[0] === 'w' || m[0] === 'append'))
  );
}

/** The node that acknowledged most client writes between the two times, if one clearly did. */
export function whoWrote(history: readonly Op[], fromNs: number, toNs: number): Writer | undefined {
  const n = new Map<string, number>();
  let total = 0;
  for (const op of history) {
    if (op.time < fromNs || op.time > toNs || op.type !== 'ok' || typeof op.process !== 'number')
      continue;
    if (!op.node || !isWrite(op)) continue;
    n.set(op.node, (n.get(op.node) ?? 0) + 1);
    total++;
  }
  if (total < MIN_WRITES) return undefined;
  const [node, count] = [...n].sort((a, b) => b[1] - a[1])[0]!;
  return count / total >= WRITER_SHARE ? { node, share: count / total } : undefined;
}

const and = (xs: readonly string[]) => [...xs].sort(byNode).join(', ');
const be = (xs: readonly string[]) => (xs.length === 1 ? 'was' : 'were');

/** touches: the fault acted on this node; text: a clause that starts with "while" or "during". */
export function relationTo(
  fault: FaultInterval,
  node: string,
  writer?: Writer,
): { touches: boolean; text: string } {
  const e = fault.effect;
  const generic = { touches: false, text: `during “${fault.words}”` };
  switch (e.kind) {
    case 'partition': {
      const deafTo = e.grudge[node] ?? [];
      const unheardBy = Object.keys(e.grudge).filter((a) => (e.grudge[a] ?? []).includes(node));
      if (deafTo.length === 0 && unheardBy.length === 0) return generic;
      const same = deafTo.length === unheardBy.length && deafTo.every((b) => unheardBy.includes(b));
      const others = grudgeNodes(e.grudge).filter((b) => b !== node);
      const subject = node === e.leader ? `the leader ${node}` : node;
      if (same) {
        const verb =
          deafTo.length === others.length && !e.bridge ? 'isolated from' : 'partitioned from';
        return {
          touches: true,
          text: `while ${subject} was ${verb} ${named(deafTo, e.leader, writer)}`,
        };
      }
      if (deafTo.length)
        return {
          touches: true,
          text: `while ${subject} heard nothing from ${named(deafTo, e.leader, writer)}`,
        };
      return { touches: true, text: `while ${and(unheardBy)} heard nothing from ${subject}` };
    }
    case 'kill':
      return e.nodes.includes(node)
        ? { touches: true, text: `during “${fault.words}”` }
        : { touches: false, text: `while ${and(e.nodes)} ${be(e.nodes)} down` };
    case 'pause':
      return e.nodes.includes(node)
        ? { touches: true, text: `during “${fault.words}”` }
        : { touches: false, text: `while ${and(e.nodes)} ${be(e.nodes)} paused` };
    case 'clock': {
      const mine = e.offsetsMs[node];
      if (mine !== undefined && !e.strobe)
        return { touches: true, text: `while ${node}'s clock was ${signed(mine)}` };
      return { touches: mine !== undefined, text: `during “${fault.words}”` };
    }
    case 'link': {
      const touches = e.links.some(([a, b]) => a === node || b === node);
      return { touches, text: `while ${linkList(e.links)} had ${linkFaultWords(e.faults)}` };
    }
    case 'other':
      return generic;
  }
}

/** The nodes cut off, the leader or the node that took the writes first and said to be so. */
function named(
  nodes: readonly string[],
  leader: string | undefined,
  writer: Writer | undefined,
): string {
  const sorted = [...nodes].sort(byNode);
  if (leader && sorted.includes(leader))
    return [`the leader ${leader}`, ...sorted.filter((n) => n !== leader)].join(', ');
  if (writer && sorted.includes(writer.node)) {
    const rest = sorted.filter((n) => n !== writer.node);
    const took =
      writer.share === 1 ? 'every write' : `${Math.floor(writer.share * 100)}% of the writes`;
    return `${[writer.node, ...rest].join(', ')} (${writer.node} took ${took} meanwhile)`;
  }
  return sorted.join(', ');
}
