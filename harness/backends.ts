// Backends by name. A backend is chosen before anything starts, so an
// unknown name is a usage error, not a half-started run.
import type { Backend } from './cluster.ts';
import { UsageError } from './config.ts';
import { localBackend } from './local/index.ts';

export function backendFor(name: string): Backend {
  switch (name) {
    case 'local':
      return localBackend();
    default:
      throw new UsageError(`--backend must be one of: local; got ${JSON.stringify(name)}`);
  }
}
