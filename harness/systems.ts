// The run's system under test, from its descriptor (systems/<name>/index.ts):
// its settings with defaults filled in, and every choice checked against what
// it offers (workload, --read-from, backend, its server installed) before
// anything starts.
import { UsageError } from '../core/errors.ts';
import { keyOf, kebabCase, type OptionValue, type OptionValues } from '../core/option.ts';
import type { SystemDescriptor, SystemSettings } from '../core/system.ts';
import { SYSTEMS, systemNamed } from '../systems/index.ts';
import type { RunConfig } from './config.ts';

export const systemOf = (c: RunConfig): SystemDescriptor => systemNamed(c.system ?? 'store');

/** The system's options as given in the config (the store's are run options there). */
function givenOptions(system: SystemDescriptor, c: RunConfig): OptionValues {
  if (system.name !== 'store') return c.target ?? {};
  return { ...c.store, kvValues: c.kvValues, leaderWindowMs: c.leaderWindowMs };
}

/** Given options over the declared defaults. */
function withDefaults(system: SystemDescriptor, given: OptionValues): OptionValues {
  const out: Record<string, OptionValue> = {};
  for (const spec of system.options)
    if (spec.default !== undefined) out[keyOf(spec)] = spec.default;
  return { ...out, ...given };
}

export function systemSettings(c: RunConfig): SystemSettings {
  const system = systemOf(c);
  return {
    backend: c.backend,
    workload: c.workload,
    readFrom: c.readFrom,
    nodeCount: c.nodes,
    options: withDefaults(system, givenOptions(system, c)),
  };
}

/** Our store's flags mean nothing to another system: refuse them rather than ignore them. */
function refuseStoreFlags(c: RunConfig, system: SystemDescriptor): void {
  if (system.name === 'store') return;
  const storeOnly = Object.keys(c.store).filter(
    (k) => k !== 'replication' || c.store.replication !== 'async',
  );
  if (storeOnly.length > 0)
    throw new UsageError(
      `${storeOnly.map((k) => `--${kebabCase(k)}`).join(', ')} ${storeOnly.length === 1 ? 'is an option' : 'are options'} of splitbrain's own store, not of --system ${system.name}; use the system's own options instead (splitbrain run --help lists --redis-*, --pg-*, --etcd-*)`,
    );
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
  refuseStoreFlags(c, system);
  if (!system.backends.includes(c.backend))
    throw new UsageError(
      `--system ${system.name} runs on --backend ${system.backends.join(' or ')}, got ${c.backend}`,
    );
  if (!system.readPolicies.includes(c.readFrom))
    throw new UsageError(
      `--read-from ${JSON.stringify(c.readFrom)} is not offered for ${system.name}; expected one of: ${system.readPolicies.join(', ')}`,
    );
  if (c.backend === 'local' && system.installed) {
    const have = system.installed();
    if (!have.installed)
      throw new UsageError(`--system ${system.name}: the server is ${have.detail}`);
  }
  return system;
}
