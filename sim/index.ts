// The simulation backend's entry: a world, the virtual clock that drives it,
// and how clients reach its nodes.
import type { Cluster } from '../core/cluster.ts';
import { httpStoreApi, type StoreApi } from '../systems/store/http.ts';
import { simStoreApi } from './api.ts';
import { SimCluster, simBackend, simWorld } from './cluster.ts';
import { SimDriver } from './driver.ts';

export { SimCluster } from './cluster.ts';
export { SimDriver } from './driver.ts';

export interface SimEnvironment {
  readonly backend: ReturnType<typeof simBackend>;
  readonly driver: SimDriver;
}

/** Everything random in the simulated network and nodes derives from seed. */
export function simEnvironment(seed: number, maxVirtualMs: number): SimEnvironment {
  let dir: string | null = null;
  const world = simWorld(seed, () => dir);
  const driver = new SimDriver(world, maxVirtualMs);
  const backend = simBackend(world, seed, (d) => (dir = d));
  return { backend, driver };
}

/** In-process calls for a simulated cluster, HTTP for everything else. */
export function storeApiFor(cluster: Cluster, env: SimEnvironment | null): StoreApi {
  return cluster instanceof SimCluster && env !== null
    ? simStoreApi(cluster, env.driver.clock)
    : httpStoreApi;
}
