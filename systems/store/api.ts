// How clients reach a cluster of our store: in-process where the backend runs
// the cores itself (the simulation, on its virtual clock), HTTP otherwise.
import type { Clock } from '../../core/clock.ts';
import type { Cluster } from '../../core/cluster.ts';
import { httpStoreApi, type StoreApi } from './http.ts';

/** A cluster whose nodes answer in this process. */
interface InProcessCluster extends Cluster {
  storeApi(clock: Clock): StoreApi;
}

function isInProcess(cluster: Cluster): cluster is InProcessCluster {
  return typeof (cluster as Partial<InProcessCluster>).storeApi === 'function';
}

export function storeApiOf(cluster: Cluster, clock: Clock): StoreApi {
  return isInProcess(cluster) ? cluster.storeApi(clock) : httpStoreApi;
}
