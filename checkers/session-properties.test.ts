import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check, checkAll } from './checker.ts';
import { expectNotRefuted } from './testing/verdicts.ts';
import { consistentPrefix, precedenceChecker } from './consistent-prefix.ts';
import { ALL_EDGES } from './cp-session.ts';
import { monotonicReads } from './monotonic-reads.ts';
import { readYourWrites } from './read-your-writes.ts';
import { cpReads, cpViolations } from './testing/cp-oracle.ts';
import {
  allReadSlots,
  ownReadSlots,
  repeatReadSlots,
  withRead,
  type ReadSlot,
} from './testing/mutate.ts';
import { linearizableHistory } from './testing/sc-model.ts';

const history = fc
  .tuple(
    fc.integer({ min: 1, max: 5 }),
    fc.array(fc.record({ slot: fc.nat(), choice: fc.nat() }), { maxLength: 120 }),
  )
  // The model's final reads (fresh processes reading every key) become plain
  // session reads: the session checkers skip final reads, and these are the
  // multi-key reads whose floors the consistent-prefix properties mutate.
  .map(([n, steps]) =>
    linearizableHistory(n, steps).map((op) => (op.f === 'final-read' ? { ...op, f: 'read' } : op)),
  );

const RUNS = { numRuns: 200 };

/** A history with one slot to mutate, drawn from `slots(history)`; skipped when there is none. */
function mutated(slots: (h: ReturnType<typeof linearizableHistory>) => ReadSlot[]) {
  return fc.tuple(history, fc.nat(), fc.nat()).filter(([h]) => slots(h).length > 0);
}

describe('session checkers on linearizable histories', () => {
  it('never flag a history from the linearizable model', () => {
    fc.assert(
      fc.property(history, (h) => {
        const rs = checkAll([readYourWrites, monotonicReads, consistentPrefix], h);
        for (const r of Object.values(rs)) expect(r.anomalies).toEqual([]);
        for (const r of Object.values(rs)) expectNotRefuted(r);
      }),
      RUNS,
    );
  });

  it('read-your-writes flags any own-key read made older than the session’s write', () => {
    fc.assert(
      fc.property(mutated(ownReadSlots), ([h, pick, depth]) => {
        const slots = ownReadSlots(h);
        const s = slots[pick % slots.length]!;
        const to = depth % s.floor;
        const r = check(readYourWrites, withRead(h, s.index, s.micro, to));
        expect(r.valid).toBe(false);
        expect(r.anomalies.some((a) => a.ops.at(-1) === s.index)).toBe(true);
      }),
      RUNS,
    );
  });

  it('monotonic-reads flags any repeated read made older than the session’s earlier read', () => {
    fc.assert(
      fc.property(mutated(repeatReadSlots), ([h, pick, depth]) => {
        const slots = repeatReadSlots(h);
        const s = slots[pick % slots.length]!;
        const r = check(monotonicReads, withRead(h, s.index, s.micro, depth % s.floor));
        expect(r.valid).toBe(false);
        expect(r.anomalies.some((a) => a.ops.at(-1) === s.index)).toBe(true);
      }),
      RUNS,
    );
  });

  it('consistent-prefix flags exactly the reads the brute-force definition flags', () => {
    fc.assert(
      fc.property(mutated(allReadSlots), ([h, pick, depth]) => {
        const slots = allReadSlots(h);
        const s = slots[pick % slots.length]!;
        const m = withRead(h, s.index, s.micro, depth % s.version);
        const expected = cpViolations(m);
        const r = check(consistentPrefix, m);
        const flagged = new Set(r.anomalies.map((a) => a.ops.at(-1)!));
        expect([...flagged].sort()).toEqual([...expected].sort());
        expect(r.valid).toBe(expected.size === 0);
      }),
      { numRuns: 300 },
    );
  });

  it('consistent-prefix flags any read made older than a predecessor of what its session saw', () => {
    const slots = (h: ReturnType<typeof linearizableHistory>) =>
      cpReads(h).filter((r) => r.floor > 0);
    fc.assert(
      fc.property(mutated(slots), ([h, pick, depth]) => {
        const ss = slots(h);
        const s = ss[pick % ss.length]!;
        const m = withRead(h, s.index, s.micro, depth % s.floor);
        const r = check(consistentPrefix, m);
        expect(r.valid).toBe(false);
        expect(r.anomalies.some((a) => a.ops.at(-1) === s.index)).toBe(true);
        expect(new Set(r.anomalies.map((a) => a.ops.at(-1)!))).toEqual(cpViolations(m));
      }),
      RUNS,
    );
  });

  it('consistent-prefix with a tiny window is exact or unknown, never wrong', () => {
    const tiny = precedenceChecker({
      id: 'cp-tiny',
      description: 'consistent prefix, 2-entry window',
      kind: 'inconsistent-prefix',
      edges: ALL_EDGES,
      windowEntries: 2,
    });
    let exact = 0;
    fc.assert(
      fc.property(mutated(allReadSlots), ([h, pick, depth]) => {
        const slots = allReadSlots(h);
        const s = slots[pick % slots.length]!;
        const m = withRead(h, s.index, s.micro, depth % s.version);
        const expected = cpViolations(m);
        const r = check(tiny, m);
        const flagged = new Set(r.anomalies.map((a) => a.ops.at(-1)!));
        for (const f of flagged) expect(expected.has(f)).toBe(true);
        if (r.stats.readsOlderThanWindow === 0) {
          exact++;
          expect(flagged).toEqual(expected);
        } else expect(r.valid).not.toBe(true);
        if (expected.size > 0) expect(r.valid).not.toBe(true);
      }),
      { numRuns: 300 },
    );
    expect(exact).toBeGreaterThan(0);
  });
});
