// The remaining session guarantees of Terry et al. (1994), black-box: a write
// w1 ordered before w2 must be visible wherever w2 is. Monotonic writes orders
// a session's own writes; writes-follow-reads orders a write after the writes
// its session had read. Causal consistency is all four session guarantees
// together (Brzezinski et al. 2004): read-your-writes, monotonic reads, and
// precedence through session order and reads-from, transitively. Its verdict
// folds its parts' as every verdict folds: false outranks unknown outranks true.
import { mergeAnomalies } from './anomaly-log.ts';
import { mergeValidity, type Checker, type CheckPass } from './checker.ts';
import { consistentPrefix, precedenceChecker } from './consistent-prefix.ts';
import { monotonicReads } from './monotonic-reads.ts';
import { readYourWrites } from './read-your-writes.ts';

export const monotonicWrites: Checker = precedenceChecker({
  id: 'monotonic-writes',
  description:
    "a session's writes are seen in the order it made them: whoever sees a write also sees that session's earlier writes",
  kind: 'non-monotonic-write',
  edges: { sessionOrder: true, readsFrom: false, transitive: false },
});

export const writesFollowReads: Checker = precedenceChecker({
  id: 'writes-follow-reads',
  description:
    'a write is seen only together with the writes its session had read before making it',
  kind: 'write-before-its-read',
  edges: { sessionOrder: false, readsFrom: true, transitive: false },
});

const CAUSAL_PARTS: readonly Checker[] = [readYourWrites, monotonicReads, consistentPrefix];

export const causal: Checker = {
  id: 'causal',
  description:
    'every read reflects all writes causally before it (session order and reads-from, transitively)',
  start(): CheckPass {
    const passes = CAUSAL_PARTS.map((c) => ({ id: c.id, pass: c.start() }));
    return {
      step(op) {
        for (const p of passes) p.pass.step(op);
      },
      finish(limits) {
        const results = passes.map(({ id, pass }) => ({ id, r: pass.finish(limits) }));
        const stats: Record<string, number | string | boolean> = {};
        for (const { id, r } of results)
          for (const [k, v] of Object.entries(r.stats)) stats[`${id}.${k}`] = v;
        // False outranks unknown outranks true: a part that could not decide leaves causal undecided.
        const valid = mergeValidity(results.map(({ r }) => r.valid));
        const why = results
          .filter(({ r }) => r.valid === 'unknown')
          .map(({ id, r }) => `${id}: ${r.error ?? 'unknown'}`);
        const part = mergeAnomalies(results.map(({ r }) => r));
        return valid === 'unknown'
          ? { valid, ...part, stats, error: why.join('; ') }
          : { valid, ...part, stats };
      },
    };
  },
};
