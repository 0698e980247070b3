// The run's system under test, from its descriptor (systems/<name>/index.ts):
// its settings, and every choice checked against what it offers (workload,
// --read-from, backend, its server installed) before anything starts.
import { UsageError } from '../core/errors.ts';
import type { SystemDescriptor, SystemSettings } from '../core/system.ts';
import { SYSTEMS, systemNamed } from '../systems/index.ts';
import { workloadSpec } from '../workloads/index.ts';
import type { RunConfig } from './config.ts';
import { didYouMean } from '../core/suggest.ts';

export const systemOf = (c: RunConfig): SystemDescriptor => systemNamed(c.system);

export function systemSettings(c: RunConfig): SystemSettings {
  return {
    backend: c.backend,
    workload: c.workload,
    readFrom: c.readFrom,
    nodeCount: c.nodes,
    options: c.systemOptions,
  };
}

/** The checkers a run without --checkers gets: the workload's, and those its system adds. */
export function defaultCheckersOf(c: RunConfig): readonly string[] {
  return [...workloadSpec(c.workload).checkers, ...(systemOf(c).checkers ?? [])];
}

/** Checks --workload, --read-from and --backend against the system, and its server is here. */
export function validateSystemChoices(c: RunConfig): SystemDescriptor {
  const system = systemOf(c);
  if (!system.workloads.includes(c.workload)) {
    const able = SYSTEMS.filter((s) => s.workloads.includes(c.workload)).map((s) => s.name);
    throw new UsageError(
      `--workload ${c.workload} needs --system ${able.join(' or ')}, got --system ${system.name}`,
    );
  }
  if (!system.backends.includes(c.backend))
    throw new UsageError(
      `--system ${system.name} runs on --backend ${system.backends.join(' or ')}, got ${c.backend}`,
    );
  if (!system.readPolicies.includes(c.readFrom))
    throw new UsageError(
      `--read-from ${JSON.stringify(c.readFrom)} is not offered for ${system.name}${didYouMean(c.readFrom, system.readPolicies)}; expected one of: ${system.readPolicies.join(', ')}`,
    );
  if (c.backend === 'local' && system.installed) {
    const have = system.installed();
    if (!have.installed)
      throw new UsageError(`--system ${system.name}: the server is ${have.detail}`);
  }
  return system;
}
