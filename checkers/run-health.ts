// run-health: a run is never green because nothing happened. Its verdict is
// unknown when no client op succeeded (the other checkers judged nothing),
// when a fault the run asked for never took effect (it passed no test of
// that fault), or when healing after the run failed (the final reads may
// have been taken with faults still in place). It reads the history alone:
// the faults-requested record the run writes first (core/faults-requested.ts),
// the client completions and the nemesis ops. Every run includes it.
import type { Checker, CheckPass, CheckResult } from './checker.ts';
import { faultsRequestedOf, type FaultsRequested } from '../core/faults-requested.ts';
import type { Op } from '../core/history.ts';
import { FINAL_READ } from './kv-session.ts';

interface Tries {
  tried: number;
  delivered: number;
  firstError: string | null;
}

interface Counts {
  invoked: number;
  ok: number;
  fail: number;
  info: number;
}

/** A start op took effect: it completed without error and named the nodes it touched. */
function tookEffect(done: Op): boolean {
  return done.error === undefined && typeof done.node === 'string' && done.node !== '';
}

function start(): CheckPass {
  let requested: FaultsRequested | null = null;
  const kindOf = new Map<string, string>();
  const tries = new Map<string, Tries>();
  const client: Counts = { invoked: 0, ok: 0, fail: 0, info: 0 };
  const healErrors: string[] = [];
  let pending: Op | null = null;

  const onNemesisDone = (invoke: Op, done: Op): void => {
    if (invoke.f === 'heal-all' && done.error !== undefined) healErrors.push(done.error);
    const kind = kindOf.get(invoke.f);
    if (kind === undefined) return;
    const t = tries.get(kind) ?? { tried: 0, delivered: 0, firstError: null };
    tries.set(kind, t);
    t.tried++;
    if (tookEffect(done)) t.delivered++;
    else t.firstError ??= done.error ?? `op ${done.index} touched no node`;
  };

  const onNemesis = (op: Op): void => {
    const req = faultsRequestedOf(op);
    if (req !== null) {
      requested = req;
      for (const [kind, fs] of Object.entries(req)) for (const f of fs) kindOf.set(f, kind);
      return;
    }
    if (op.type === 'invoke') {
      pending = op;
      return;
    }
    if (pending !== null && pending.f === op.f) onNemesisDone(pending, op);
    pending = null;
  };

  return {
    step(op) {
      if (op.process === 'nemesis') return onNemesis(op);
      // Session ops only: final reads after the run cannot stand in for a run that did nothing.
      if (typeof op.process !== 'number' || op.f === FINAL_READ) return;
      if (op.type === 'invoke') client.invoked++;
      else client[op.type]++;
    },
    finish: () => verdict(client, requested, tries, healErrors),
  };
}

function verdict(
  client: Counts,
  requested: FaultsRequested | null,
  tries: ReadonlyMap<string, Tries>,
  healErrors: readonly string[],
): CheckResult {
  const reasons: string[] = [];
  if (client.ok === 0)
    reasons.push(
      client.invoked === 0
        ? 'no client operation was invoked'
        : `no client operation succeeded (${client.invoked} invoked: ${client.fail} failed, ${client.info} unknown)`,
    );
  const delivered: string[] = [];
  for (const [kind, fs] of Object.entries(requested ?? {})) {
    const t = tries.get(kind);
    delivered.push(`${kind} ${t?.delivered ?? 0}/${t?.tried ?? 0}`);
    if (t === undefined)
      reasons.push(`the ${kind} fault was requested but never started (no ${fs.join(' or ')} op)`);
    else if (t.delivered === 0)
      reasons.push(
        `the ${kind} fault never took effect: all ${t.tried} ${fs.join('/')} ops failed (first: ${t.firstError})`,
      );
  }
  if (healErrors.length > 0)
    reasons.push(
      `healing after the run failed (${healErrors.join('; ')}): the final reads may have been taken with faults still in place`,
    );
  const stats = {
    clientOpsInvoked: client.invoked,
    clientOpsOk: client.ok,
    faultsRequested:
      requested === null ? 'not recorded' : Object.keys(requested).join(',') || 'none',
    faultsDelivered: delivered.join(', ') || 'none',
  };
  if (reasons.length === 0) return { valid: true, anomalies: [], stats };
  return { valid: 'unknown', anomalies: [], stats, error: reasons.join('; ') };
}

export const runHealth: Checker = {
  id: 'run-health',
  description:
    'the run did something: some client op succeeded, every requested fault took effect at least once, and healing worked',
  start,
};
