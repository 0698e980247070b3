// The Client role: one session's connection to the system under test.
import type { OpType } from './history.ts';
import type { NodeInfo } from './cluster.ts';

/** What the interpreter asks a client to do. */
export interface Invocation {
  readonly process: number;
  readonly f: string;
  readonly value: unknown;
  /** A node the op must go to (e.g. final reads of every replica). */
  readonly node?: string;
}

/** How an op ended. Clients return fail only when the op certainly did not happen. */
export interface Completion {
  readonly type: Exclude<OpType, 'invoke'>;
  readonly value: unknown;
  readonly node?: string;
  readonly version?: unknown;
  /** A final read's values as the node stored them, when richer than the versions in `value`. */
  readonly stored?: Readonly<Record<string, unknown>>;
  readonly error?: string;
}

export interface InvokeContext {
  /** Aborted when the op's timeout passes; the interpreter then records info. */
  readonly signal: AbortSignal;
  readonly timeoutMs: number;
}

/**
 * A client serves one process at a time. invoke must not throw for a failed
 * request: a definite failure is a fail completion; anything unknown is info.
 * (The interpreter turns a throw into info anyway, but says so in the error.)
 */
export interface Client {
  invoke(op: Invocation, ctx: InvokeContext): Promise<Completion>;
  close(): Promise<void>;
}

export interface ClientFactory {
  /** Opens a client for a fresh process. */
  open(process: number, nodes: readonly NodeInfo[]): Promise<Client>;
}

/** Completes every op as ok with the value it was given. */
export const noopClientFactory: ClientFactory = {
  open: async () => ({
    invoke: async (op) => ({ type: 'ok', value: op.value }),
    close: async () => {},
  }),
};
