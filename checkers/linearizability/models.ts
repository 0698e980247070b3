// Built-in single-object models: a register (read/write/cas: our etcd
// register workload, Porcupine's etcd tests, Knossos's cas-register) and a
// mutex (acquire/release, Knossos's mutex). Key-value models are in
// kv-models.ts. Each reads a history under one of two semantics (Semantics,
// in model.ts).
import { BadOpError, microOps, type Op } from '../../core/history.ts';
import { independentModel } from './independent.ts';
import { hashString, ILLEGAL, type Model, type ModelOptions } from './model.ts';

export { kvModel, multiRegisterModel } from './kv-models.ts';

export type RegisterValue = unknown;
export type RegisterInput =
  | { f: 'read' }
  | { f: 'write'; value: RegisterValue }
  | { f: 'cas'; from: RegisterValue; to: RegisterValue };
/** A read's value, or whether a write/cas took effect. */
export type RegisterOutput = RegisterValue | boolean;

/** Scalars compare by ===; anything else (a list a Jepsen client wrote) by its JSON. */
export function same(a: unknown, b: unknown): boolean {
  return a === b || (typeof a === 'object' && JSON.stringify(a) === JSON.stringify(b));
}

function notMicroOps(op: Op, model: string): void {
  const ms = microOps(op.value);
  if (ms === null || ms.length === 0) return;
  throw new BadOpError(
    op.index,
    `the ${model} model holds one value, but this ${op.f} carries micro-ops ${JSON.stringify(op.value)?.slice(0, 60)}`,
    'check a micro-op history with linearizable-kv or linearizable-multi-register',
  );
}

function registerInput(op: Op, model: string): RegisterInput {
  notMicroOps(op, model);
  if (op.f === 'read') return { f: 'read' };
  if (op.f === 'write') return { f: 'write', value: op.value };
  if (op.f === 'cas' && Array.isArray(op.value) && op.value.length === 2) {
    return { f: 'cas', from: op.value[0], to: op.value[1] };
  }
  throw new BadOpError(
    op.index,
    `the ${model} model reads read, write and cas [from to] ops, got ${op.f} ${JSON.stringify(op.value)?.slice(0, 60)}`,
    'check a mutex history with linearizable-mutex and a micro-op history with linearizable-kv or linearizable-multi-register',
  );
}

function hashValue(s: unknown): number {
  return typeof s === 'number' ? s | 0 : hashString(JSON.stringify(s) ?? 'undefined');
}

/** A read/write/cas register. `name` is what the checker calls it. */
export function registerModelWith(
  opts: ModelOptions = {},
  name = 'register',
): Model<RegisterValue, RegisterInput, RegisterOutput> {
  if (opts.independent === true) {
    // The keyed model reads and searches the same; its input type is the checker's business only.
    const keyed = independentModel(registerModelWith({ ...opts, independent: false }, name));
    return keyed as unknown as Model<RegisterValue, RegisterInput, RegisterOutput>;
  }
  const initial = opts.initial ?? null;
  const jepsen = opts.semantics === 'jepsen';
  return {
    name,
    init: () => initial,
    step(state, input, output) {
      if (input.f === 'read') return output === undefined || same(output, state) ? state : ILLEGAL;
      if (input.f === 'write') return input.value;
      const matches = same(state, input.from);
      if (output !== undefined && output !== matches) return ILLEGAL;
      return matches ? input.to : state;
    },
    equal: same,
    hash: hashValue,
    fromOp(invoke, done) {
      const input = registerInput(invoke, name);
      const outcome = done?.type ?? 'info';
      if (input.f === 'read') {
        if (outcome !== 'ok') return null;
        notMicroOps(done!, name);
        const read = done!.value ?? null;
        // Jepsen: nil is a read whose value nobody knows.
        return jepsen && read === null ? null : { input, output: read };
      }
      if (outcome === 'ok') return { input, output: true };
      // splitbrain: a failed cas compared and missed. Jepsen: it did not happen.
      if (outcome === 'fail') return input.f === 'cas' && !jepsen ? { input, output: false } : null;
      return { input, output: undefined };
    },
    describeOperation(input, output) {
      const out = output === undefined ? 'unknown outcome' : JSON.stringify(output);
      if (input.f === 'read') return `read → ${out}`;
      if (input.f === 'write')
        return `write ${JSON.stringify(input.value)} (${out === 'true' ? 'ok' : out})`;
      return `cas ${JSON.stringify(input.from)}→${JSON.stringify(input.to)} (${out === 'true' ? 'swapped' : out === 'false' ? 'missed' : out})`;
    },
    describeState: (s) => `the ${name} holds ${JSON.stringify(s)}`,
  };
}

/** Our register: read/write/cas, starts unset (null), splitbrain semantics. */
export const registerModel = registerModelWith();

/** Knossos's cas-register by name; its histories start at 0 (the importer says so). */
export function casRegisterModel(opts: ModelOptions = {}) {
  return registerModelWith(opts, 'cas-register');
}

type MutexInput = 'acquire' | 'release';

/** A lock: acquire when free, release when held (Knossos's mutex). */
export function mutexModel(opts: ModelOptions = {}): Model<boolean, MutexInput, boolean> {
  return {
    name: 'mutex',
    init: () => opts.initial === true,
    step(locked, input) {
      if (input === 'acquire') return locked ? ILLEGAL : true;
      return locked ? false : ILLEGAL;
    },
    equal: (a, b) => a === b,
    hash: (s) => (s ? 1 : 0),
    fromOp(invoke, done) {
      if (invoke.f !== 'acquire' && invoke.f !== 'release') {
        throw new BadOpError(
          invoke.index,
          `the mutex model reads acquire and release ops, got ${invoke.f}`,
          'check a register history with linearizable-register and a kv history with linearizable-kv',
        );
      }
      const outcome = done?.type ?? 'info';
      if (outcome === 'ok') return { input: invoke.f, output: true };
      // A failed acquire or release did not happen, under either semantics.
      if (outcome === 'fail') return null;
      return { input: invoke.f, output: undefined };
    },
    describeOperation: (input, output) =>
      `${input}${output === undefined ? ' (unknown outcome)' : ''}`,
    describeState: (s) => (s ? 'the mutex is held' : 'the mutex is free'),
  };
}
