// The workloads by name, one line each. A system lists the ones its clients
// speak (core/system.ts); adding a workload is one file here and one line.
import type { SystemTarget } from '../core/system.ts';
import { UsageError } from '../core/errors.ts';
import { kvWorkload } from './kv.ts';
import { kvReadersWorkload } from './kv-readers.ts';
import { registerWorkload } from './register.ts';
import { setWorkload } from './set.ts';
import { onTarget, type Workload, type WorkloadSpec } from './workload.ts';
import { didYouMean } from '../core/suggest.ts';

const WORKLOADS: readonly WorkloadSpec[] = [
  kvWorkload,
  kvReadersWorkload,
  registerWorkload,
  setWorkload,
];

export const WORKLOAD_NAMES = WORKLOADS.map((w) => w.name);

/** The workload by name; an unknown one is a UsageError naming the choices. */
export function workloadSpec(name: string): WorkloadSpec {
  const spec = WORKLOADS.find((w) => w.name === name);
  if (spec === undefined)
    throw new UsageError(
      `--workload must be one of ${WORKLOAD_NAMES.join(', ')}, got ${JSON.stringify(name)}${didYouMean(name, WORKLOAD_NAMES)}`,
    );
  return spec;
}

/** The named workload, its clients and probes from the system under test. */
export function workloadFor(name: string, target: SystemTarget): Workload {
  return onTarget(workloadSpec(name), target);
}
