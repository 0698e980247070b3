// Whether --system galera can run here: MariaDB with the Galera provider,
// rsync for state transfers, and ip/iptables for the cluster's namespace.
import { GALERA_PROVIDER, INSTALL_DB, MARIADBD } from '../server.ts';
import type { Installed } from '../../../core/system.ts';
import { missing } from '../installed.ts';

export function galeraInstalled(): Installed {
  const gone = missing([
    [MARIADBD, 'mariadb-server'],
    [INSTALL_DB, 'mariadb-server'],
    [GALERA_PROVIDER, 'galera-4'],
    ['/usr/bin/rsync', 'rsync'],
    ['/usr/sbin/ip', 'iproute2'],
    ['/usr/sbin/iptables-restore', 'iptables'],
  ]);
  if (gone) return gone;
  if (process.getuid?.() !== 0)
    return {
      installed: false,
      detail: 'needs root: the nodes run in a network namespace of their own',
    };
  return { installed: true, detail: `${MARIADBD} with ${GALERA_PROVIDER}` };
}
