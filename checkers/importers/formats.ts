// What each history format means and which checkers judge it when the user
// names none: Jepsen and Knossos histories read with Jepsen's semantics and a
// register starting at 0 (Knossos's cas-register 0); Porcupine's with
// Porcupine's; our own jsonl with splitbrain's. The kind of history (register,
// mutex, micro-op transactions) is read from its ops. Also: telling a format
// from the first bytes of a file, where that is unambiguous.
import type { Op } from '../../core/history.ts';
import { microOps } from '../../core/micro-ops.ts';
import type { ModelOptions, Semantics } from '../linearizability/model.ts';
import { defaultCheckersFor } from '../registry.ts';
import type { HistoryFormat } from './index.ts';

export type FormatName = 'jsonl' | HistoryFormat;

export const SEMANTICS: Readonly<Record<FormatName, Semantics>> = {
  jsonl: 'splitbrain',
  'jepsen-edn': 'jepsen',
  'porcupine-etcd': 'splitbrain',
  'porcupine-kv': 'splitbrain',
};

export interface Defaults {
  readonly checkers: readonly string[];
  readonly model: ModelOptions;
}

type Kind = 'register' | 'independent' | 'mutex' | 'kv' | 'append' | 'transactions';

const REGISTER_FS: ReadonlySet<string> = new Set(['read', 'write', 'cas']);
const MUTEX_FS: ReadonlySet<string> = new Set(['acquire', 'release']);

/** What kind of history these ops are, or why that cannot be told. */
export function historyKind(ops: Iterable<Op>): { kind: Kind } | { why: string } {
  let kind: Kind | null = null;
  let keyed = false;
  for (const op of ops) {
    if (op.type !== 'invoke' || typeof op.process !== 'number') continue;
    const ms = microOps(op.value);
    let k: Kind;
    if (ms !== null && ms.length > 0) {
      if (ms.some((m) => m[0] === 'append')) k = 'append';
      else if (op.f === 'txn' || ms.some((m) => m[0] === 'read' || m[0] === 'write'))
        k = 'transactions';
      else k = 'kv';
    } else if (REGISTER_FS.has(op.f)) {
      k = 'register';
      // jepsen.independent: a read asks [key nil], a cas [key [from to]]; a plain one, nil and [from to].
      const v = op.value;
      if (Array.isArray(v) && v.length === 2 && (op.f === 'read' || Array.isArray(v[1])))
        keyed = true;
    } else if (MUTEX_FS.has(op.f)) k = 'mutex';
    else
      return {
        why: `op ${op.index} has f ${JSON.stringify(op.f)}, which no default checker reads`,
      };
    // Appends and plain micro-ops mix in one kv history; anything else must agree.
    if (
      kind !== null &&
      kind !== k &&
      !(['kv', 'append'].includes(kind) && ['kv', 'append'].includes(k))
    )
      return { why: `op ${op.index} is a ${k} op in a history that began as ${kind}` };
    if (kind === null || k === 'append') kind = k;
  }
  if (kind === null) return { why: 'it has no client invocation' };
  return { kind: kind === 'register' && keyed ? 'independent' : kind };
}

/** The checkers and model options a format's history gets when the user names none. */
export function defaultsFor(format: FormatName, ops: Iterable<Op>): Defaults | { why: string } {
  const semantics = SEMANTICS[format];
  if (format === 'porcupine-etcd')
    return { checkers: ['linearizable-register'], model: { semantics, initial: null } };
  if (format === 'porcupine-kv')
    return { checkers: ['linearizable-string-kv'], model: { semantics, initial: '' } };
  const found = historyKind(ops);
  if ('why' in found) return found;
  const jepsen = format === 'jepsen-edn';
  // Knossos's registers start at 0; ours start unset.
  const initial = jepsen ? 0 : null;
  const model = { semantics, initial };
  switch (found.kind) {
    case 'register':
      return { checkers: [jepsen ? 'linearizable-cas-register' : 'linearizable-register'], model };
    case 'independent':
      return {
        checkers: [jepsen ? 'linearizable-cas-register' : 'linearizable-register'],
        model: { ...model, independent: true },
      };
    case 'mutex':
      return { checkers: ['linearizable-mutex'], model: { semantics } };
    case 'transactions':
      return { checkers: ['linearizable-multi-register'], model };
    case 'append':
      return { checkers: ['linearizable-kv'], model: { semantics, initial: null } };
    case 'kv':
      return jepsen
        ? { checkers: ['linearizable-kv'], model: { semantics, initial: null } }
        : { checkers: defaultCheckersFor('kv'), model: { semantics } };
  }
}

/**
 * The format of a file from its first bytes, or null when they do not say:
 * JSON objects per line are jsonl; Jepsen's logger lines are Porcupine's etcd
 * logs; EDN maps with :key are Porcupine's kv logs, other EDN is Jepsen's.
 */
export function detectFormat(head: string): FormatName | null {
  const body = head.replace(/^(\s*;[^\n]*\n)*\s*/, '');
  if (/^\{\s*"/.test(body)) return 'jsonl';
  if (/^INFO\s+jepsen\.util\s+-\s+\d+\s+:/m.test(head)) return 'porcupine-etcd';
  if (/^([[(]\s*)?(\{\s*:|#jepsen)/.test(body)) {
    const first = /\{[^{}]*\}/.exec(body)?.[0] ?? '';
    return /:key\s/.test(first) && /:f\s+:(get|put|append)\b/.test(first)
      ? 'porcupine-kv'
      : 'jepsen-edn';
  }
  return null;
}
