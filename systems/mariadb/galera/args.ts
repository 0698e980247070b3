// mariadbd's flags for a Galera node. Every node sits in the cluster's
// network namespace on its own address with the default ports (3306 SQL,
// 4567 gcomm, 4568 IST, 4444 rsync SST). n1 bootstraps a new cluster the
// first time it starts; every later start (n1's too) only rejoins, since a
// second bootstrap would found a second cluster.
import { GALERA_PROVIDER, baseArgs } from '../server.ts';

const GCOMM_PORT = 4567;
const IST_PORT = 4568;
export const SQL_PORT = 3306;
export const CLUSTER_NAME = 'splitbrain';

export interface GaleraPlace {
  readonly id: string;
  readonly address: string;
  readonly dataDir: string;
}

/** mariadbd's flags for one node; bootstrap only for the first start of the first node. */
export function galeraArgs(
  node: GaleraPlace,
  addresses: readonly string[],
  bootstrap: boolean,
): string[] {
  const provider = [
    `gmcast.listen_addr=tcp://${node.address}:${GCOMM_PORT}`,
    `ist.recv_addr=${node.address}:${IST_PORT}`,
    // The default ring buffer is 128 MB a node; a test cluster writes little.
    'gcache.size=32M',
  ];
  return [
    ...baseArgs({ dataDir: node.dataDir, port: SQL_PORT, bindAddress: node.address }),
    '--binlog-format=ROW',
    '--innodb-autoinc-lock-mode=2',
    '--wsrep-on=ON',
    `--wsrep-provider=${GALERA_PROVIDER}`,
    `--wsrep-cluster-name=${CLUSTER_NAME}`,
    `--wsrep-cluster-address=gcomm://${addresses.map((a) => `${a}:${GCOMM_PORT}`).join(',')}`,
    `--wsrep-node-address=${node.address}`,
    `--wsrep-node-name=${node.id}`,
    `--wsrep-provider-options=${provider.join(';')}`,
    '--wsrep-sst-method=rsync',
    // By default the server retries an autocommit statement that failed
    // certification once, and the client never learns there was a conflict;
    // with 0 the conflict reaches the client as a deadlock error (a fail op).
    '--wsrep-retry-autocommit=0',
    ...(bootstrap ? ['--wsrep-new-cluster'] : []),
  ];
}
