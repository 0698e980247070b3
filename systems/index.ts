// The systems under test, one line each. Adding a system is a folder
// systems/<name>/ with its descriptor (core/system.ts) and one line here.
import { UsageError } from '../core/errors.ts';
import type { SystemDescriptor } from '../core/system.ts';
import { etcd } from './etcd/index.ts';
import { galera } from './mariadb/galera/index.ts';
import { mariadb } from './mariadb/index.ts';
import { postgres } from './postgres/index.ts';
import { redis } from './redis/index.ts';
import { store } from './store/index.ts';
import { didYouMean } from '../core/suggest.ts';

export const SYSTEMS: readonly SystemDescriptor[] = [store, redis, postgres, etcd, mariadb, galera];
const SYSTEM_NAMES = SYSTEMS.map((x) => x.name);

/** The system by its --system name; an unknown one is a UsageError naming the choices. */
export function systemNamed(name: string): SystemDescriptor {
  const s = SYSTEMS.find((x) => x.name === name);
  if (s === undefined)
    throw new UsageError(
      `--system must be one of ${SYSTEM_NAMES.join(', ')}, got ${JSON.stringify(name)}${didYouMean(name, SYSTEM_NAMES)}`,
    );
  return s;
}
