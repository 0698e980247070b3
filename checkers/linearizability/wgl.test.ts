import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeModel, type Operation } from './model.ts';
import { registerModel, type RegisterInput, type RegisterOutput } from './models.ts';
import { searchLinearization } from './wgl.ts';

type RegOp = Operation<RegisterInput, RegisterOutput>;
const model = normalizeModel(registerModel);
const NO_LIMIT = { maxCacheEntries: Infinity, spent: () => null };

/** Every order that respects real time, ops of unknown outcome optional: the definition itself. */
function bruteForce(ops: readonly RegOp[]): boolean {
  const done = ops.map(() => false);
  const known = (o: RegOp) => o.output !== undefined && o.doneIndex >= 0;
  const rec = (state: RegisterOutput): boolean => {
    if (ops.every((o, i) => done[i] || !known(o))) return true;
    return ops.some((o, i) => {
      if (done[i]) return false;
      const blocked = ops.some(
        (p, j) => !done[j] && j !== i && known(p) && p.doneIndex < o.invokeIndex,
      );
      if (blocked) return false;
      const next = model.step(state as never, o.input, o.output);
      if (typeof next === 'symbol') return false;
      done[i] = true;
      const ok = rec(next);
      done[i] = false;
      return ok;
    });
  };
  return rec(null);
}

const value = fc.constantFrom(null, 1, 2);
const opSpec = fc.record({
  kind: fc.constantFrom('read', 'write', 'cas'),
  a: value,
  b: fc.constantFrom(1, 2),
  ok: fc.boolean(),
  unknown: fc.boolean(),
});

/** Ops with a random interleaving of their calls and returns. */
const history = fc
  .tuple(
    fc.array(opSpec, { minLength: 1, maxLength: 7 }),
    fc.array(fc.nat(), { minLength: 14, maxLength: 14 }),
  )
  .map(([specs, choices]) => {
    const pending = specs.map((_, i) => i);
    const open: number[] = [];
    const at: { call: number[]; ret: number[] } = { call: [], ret: [] };
    let pos = 0;
    let c = 0;
    while (pending.length > 0 || open.length > 0) {
      const pick = choices[c++ % choices.length]!;
      if (pending.length > 0 && (open.length === 0 || pick % 2 === 0)) {
        const i = pending.splice(pick % pending.length, 1)[0]!;
        at.call[i] = pos++;
        open.push(i);
      } else at.ret[open.splice(pick % open.length, 1)[0]!] = pos++;
    }
    return specs.map((s, i): RegOp => {
      const unknown = s.unknown && s.kind !== 'read';
      const input: RegisterInput =
        s.kind === 'read'
          ? { f: 'read' }
          : s.kind === 'write'
            ? { f: 'write', value: s.b }
            : { f: 'cas', from: s.a, to: s.b };
      const output = unknown
        ? undefined
        : s.kind === 'read'
          ? s.a
          : s.kind === 'write'
            ? true
            : s.ok;
      return {
        id: i,
        input,
        output,
        process: i,
        invokeIndex: at.call[i]!,
        doneIndex: unknown ? -1 : at.ret[i]!,
        callTimeNs: 0,
        retTimeNs: 0,
      };
    });
  });

describe('WGL search', () => {
  it('agrees with brute force on small register histories, unknown outcomes included', () => {
    fc.assert(
      fc.property(history, (ops) => {
        expect(searchLinearization(model, ops, NO_LIMIT).kind === 'ok').toBe(bruteForce(ops));
      }),
      { numRuns: 3000 },
    );
  });
});
