// The read policy role: what one session's policy answers (where a read goes,
// what the node must first have applied) and what it is told back. The
// policies themselves, and the factory that names them, are in read-policy.ts.
import type { NodeInfo } from '../../core/cluster.ts';

/** Per-shard LSNs, shard number (as a string) -> LSN; shard "0" without sharding. */
export type ShardLsns = Readonly<Record<string, number>>;

/**
 * Where one read goes. `leader`: to the confirmed current leader of every
 * shard it touches (ReadRequest.leader), found and followed by the client, so
 * a deposed leader it still believes in refuses rather than serve old data.
 * Otherwise to `node`, which with `minLsns` must first have applied, in each
 * shard the read touches, the LSN given for that shard.
 */
export type ReadChoice =
  { readonly leader: true } | { readonly node: NodeInfo; readonly minLsns?: ShardLsns };

export interface ReadPolicy {
  choose(process: number, nodes: readonly NodeInfo[]): ReadChoice;
  /** The session's write was acknowledged by `node` with this LSN of this shard. */
  wrote(node: string, shard: number, lsn: number): void;
  /** The session's read was served by `node`, which had applied these LSNs per shard. */
  read(node: string, lsns: ShardLsns): void;
}
