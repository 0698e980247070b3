// The simulation backend's entry: a world, and the virtual clock that drives
// it. Clients reach its nodes in-process (SimCluster.storeApi).
import { simBackend, simWorld } from './cluster.ts';
import { SimDriver } from './driver.ts';

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
