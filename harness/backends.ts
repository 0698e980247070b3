// Backends by name. A backend is chosen before anything starts, so an
// unknown name is a usage error, not a half-started run.
import type { Backend } from '../core/cluster.ts';
import { type ClockViaChoice } from './config.ts';
import { UsageError } from '../core/errors.ts';
import { externalBackend } from '../external/index.ts';
import { localBackend } from '../local/index.ts';
import { simEnvironment } from '../sim/index.ts';
import { dockerBackend } from '../docker/index.ts';

export interface BackendChoices {
  /** How clock faults reach local nodes [default: auto]. */
  readonly clockVia?: ClockViaChoice;
}

export function backendFor(name: string, choices: BackendChoices = {}): Backend {
  switch (name) {
    case 'local':
      return localBackend(choices.clockVia ? { clockVia: choices.clockVia } : {});
    case 'docker':
      // On stderr: stdout may have to be one JSON object (--json).
      return dockerBackend({
        onImage: (i) =>
          process.stderr.write(
            `image ${i.ref} ${i.built ? 'built' : 'cached'} in ${(i.elapsedMs / 1000).toFixed(1)} s\n`,
          ),
      });
    case 'sim':
      // Only for listing what it can do: a real simulated run builds its own world (commands/run.ts).
      return simEnvironment(0, 0).backend;
    case 'external':
      // Only for listing what it can do: a real external run gets its nodes and hooks (systems.ts).
      return externalBackend([], {});
    default:
      throw new UsageError(
        `--backend must be one of: local, docker, sim, external; got ${JSON.stringify(name)}`,
      );
  }
}
