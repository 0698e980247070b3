// Naming and checking a cluster's nodes the same way in every backend, so a
// fault naming a node that is not there fails with the same message whichever
// backend runs the nodes.
import { join } from 'node:path';
import type { Grudge, Link } from '../core/cluster.ts';
import { RUN_FILES } from '../core/run-files.ts';

/** The id of the i-th node (0-based): n1, n2, ... */
export function nodeId(i: number): string {
  return `n${i + 1}`;
}

/** n1..nN; nodeCount must be a positive integer. */
export function nodeIdsFor(nodeCount: number): string[] {
  if (!Number.isInteger(nodeCount) || nodeCount < 1)
    throw new Error(`nodeCount must be a positive integer, got ${nodeCount}`);
  return Array.from({ length: nodeCount }, (_, i) => nodeId(i));
}

export interface NodeFiles {
  /** nodes/<id>.log: everything the node printed. */
  readonly logPath: string;
  /** nodes/<id>/: the node's data dir, for backends that keep it in the run. */
  readonly dataDir: string;
  /** nodes/<id>.faketime: the node's libfaketime offset file. */
  readonly offsetFile: string;
}

/** The run directory's nodes/ folder, which holds every node's files. */
export function nodesDirOf(runDir: string): string {
  return join(runDir, RUN_FILES.nodes);
}

/** Where a node's files go in the run directory (docs/architecture.md, "The run directory"). */
export function nodeFiles(runDir: string, id: string): NodeFiles {
  const nodesDir = nodesDirOf(runDir);
  return {
    logPath: join(nodesDir, `${id}.log`),
    dataDir: join(nodesDir, id),
    offsetFile: join(nodesDir, `${id}.faketime`),
  };
}

/** The entry of node id, or an error naming the nodes there are. */
export function lookupNode<T>(nodes: ReadonlyMap<string, T>, id: string): T {
  const n = nodes.get(id);
  if (n === undefined)
    throw new Error(
      `unknown node ${JSON.stringify(id)}; nodes are ${[...nodes.keys()].join(', ')}`,
    );
  return n;
}

/** Every node a grudge names is one of nodes; checked before any fault changes. */
export function checkGrudgeNodes(grudge: Grudge, nodes: ReadonlyMap<string, unknown>): void {
  for (const [a, drops] of grudge) {
    lookupNode(nodes, a);
    for (const b of drops) lookupNode(nodes, b);
  }
}

/** Both ends of every link are nodes, and different ones. */
export function checkLinkNodes(links: readonly Link[], nodes: ReadonlyMap<string, unknown>): void {
  for (const { from, to } of links) {
    lookupNode(nodes, from);
    lookupNode(nodes, to);
    if (from === to) throw new Error(`link ${from}→${to}: a node has no link to itself`);
  }
}

/** Brings a cluster up; one that fails halfway is taken down again before the error goes on. */
export async function upOrDown<C extends { down(): Promise<void> }>(
  cluster: C,
  init: () => Promise<void>,
): Promise<C> {
  try {
    await init();
  } catch (err) {
    await cluster.down();
    throw err;
  }
  return cluster;
}
