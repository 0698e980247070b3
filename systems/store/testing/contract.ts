// Our store as the system a backend's contract test runs (kit/testing/
// backend-contract.ts): its wiring on the environment's clock, and each
// node's own clock reading from /status.
import type { Backend } from '../../../core/cluster.ts';
import type { Clock } from '../../../core/clock.ts';
import type { Launcher } from '../../../core/launcher.ts';
import type {
  BackendUnderContract,
  ContractEnvironment,
} from '../../../kit/testing/backend-contract.ts';
import { storeApiOf } from '../api.ts';
import { store } from '../index.ts';

export interface StoreContract {
  readonly name: string;
  readonly unavailable?: string | null;
  readonly keepsNodes?: boolean;
  /** The environment's clock and time; real time unless given. */
  readonly time?: () => Pick<ContractEnvironment, 'clock' | 'drive'>;
  readonly backend: (launcher: Launcher) => Backend;
  /** The store's flags for every node [default: async replication]. */
  readonly options?: Readonly<Record<string, string | number | boolean>>;
}

export function storeUnderContract(c: StoreContract, realTime: () => Clock): BackendUnderContract {
  return {
    name: c.name,
    unavailable: c.unavailable ?? null,
    ...(c.keepsNodes ? { keepsNodes: true } : {}),
    environment() {
      const time = c.time?.() ?? { clock: realTime(), drive: <T>(fn: () => Promise<T>) => fn() };
      const settings = {
        backend: c.name,
        workload: 'kv',
        readFrom: 'any',
        nodeCount: 3,
        options: c.options ?? { replication: 'async' },
      };
      const system = store.setUp(settings, time.clock);
      return { ...time, system, backend: c.backend(system.launcher!) };
    },
    async clockMs(cluster, id, clock) {
      const node = cluster.nodes.find((n) => n.id === id)!;
      return (await storeApiOf(cluster, clock).status(node, 1000))?.clockMs ?? null;
    },
  };
}
