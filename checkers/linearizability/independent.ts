// Jepsen's independent keys (jepsen.independent): each op's value is a
// [key value] tuple, and every key is its own object of the inner model, so
// the history is checked key by key (P-compositionality).
import { BadOpError, type Op } from '../../core/history.ts';
import { isUnchecked, type Model, type Operation } from './model.ts';

export interface Keyed<I> {
  readonly key: unknown;
  readonly inner: I;
}

/** The op with its value unwrapped from [key value]; bad input when it is no such tuple. */
function unwrap(op: Op): { key: unknown; op: Op } {
  const v = op.value;
  if (!Array.isArray(v) || v.length !== 2) {
    throw new BadOpError(
      op.index,
      `an independent-keys history carries [key value] tuples, got ${JSON.stringify(v)?.slice(0, 60)}`,
      'a history of one object has plain values; check it with --semantics and --checkers as for one register',
    );
  }
  return { key: v[0], op: { ...op, value: v[1] } };
}

export function independentModel<S, I, O>(inner: Model<S, I, O>): Model<S, Keyed<I>, O> {
  return {
    name: `independent ${inner.name}`,
    init: inner.init,
    step: (state, input, output) => inner.step(state, input.inner, output),
    ...(inner.equal ? { equal: inner.equal } : {}),
    ...(inner.hash ? { hash: inner.hash } : {}),
    partition(ops: readonly Operation<Keyed<I>, O>[]) {
      const groups = new Map<string, Operation<Keyed<I>, O>[]>();
      for (const op of ops) {
        const k = JSON.stringify(op.input.key) ?? 'null';
        let g = groups.get(k);
        if (g === undefined) groups.set(k, (g = []));
        g.push(op);
      }
      return [...groups.values()];
    },
    fromOp(invoke, done) {
      const i = unwrap(invoke);
      const d = done === null || done.type !== 'ok' ? done : unwrap(done);
      if (d !== null && 'key' in d && JSON.stringify(d.key) !== JSON.stringify(i.key)) {
        throw new BadOpError(
          done!.index,
          `it completes key ${JSON.stringify(i.key)} with a value for key ${JSON.stringify(d.key)}`,
          'a completion names the key its invocation named',
        );
      }
      const doneOp = d === null ? null : 'key' in d ? d.op : d;
      const io = inner.fromOp(i.op, doneOp);
      if (io === null || isUnchecked(io)) return io;
      return { input: { key: i.key, inner: io.input }, output: io.output };
    },
    describeOperation: (input, output) =>
      `key ${JSON.stringify(input.key)}: ${inner.describeOperation?.(input.inner, output) ?? JSON.stringify(input.inner)}`,
    ...(inner.describeState ? { describeState: inner.describeState } : {}),
  };
}
