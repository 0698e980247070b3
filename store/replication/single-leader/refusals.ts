// What single-leader answers besides the values: its acknowledgement and its
// refusals, each with the kind the core maps to an HTTP status.
import type { Refusal, WriteOk } from '../../outcomes.ts';

export function writeOk(shard: number, lsn: number, term: number): WriteOk {
  return { ok: true, version: lsn, fields: { lsn, term, shard } };
}

/** Definite: this node does not lead the shard; go to `leader` (null: none known yet). */
export function notLeader(shard: number, leader: string | null): Refusal {
  return {
    ok: false,
    kind: 'redirect',
    error: 'not-leader',
    definite: true,
    redirect: leader,
    message:
      leader === null
        ? `no leader known for shard ${shard} (election in progress); retry shortly`
        : `this node does not lead shard ${shard}; send writes and leader reads to ${leader}`,
  };
}

/** Definite: this replica has not applied what the read's token asks; the shard's leader has. */
export function behind(leader: string | null, message: string): Refusal {
  return {
    ok: false,
    kind: 'redirect',
    error: 'behind',
    definite: true,
    redirect: leader,
    message,
  };
}

/** Definite: a leader read could not be confirmed. */
export function unconfirmed(message: string): Refusal {
  return { ok: false, kind: 'unavailable', error: 'unconfirmed', definite: true, message };
}

/** Indefinite: the write is in the leader's log and may still be applied. */
export function writeTimeout(message: string): Refusal {
  return { ok: false, kind: 'timeout', error: 'timeout', definite: false, message };
}

/** Indefinite: the leader stepped down while the write was pending. */
export function leaderChanged(message: string): Refusal {
  return { ok: false, kind: 'unavailable', error: 'leader-changed', definite: false, message };
}
