// The Docker backend (docs/architecture.md, "Backends and faults"): a script launcher's
// nodes (our store) as containers of an image imported from this machine's
// files. dockerBackend() is the one public factory; cleanupDocker() serves
// `splitbrain doctor`.
import type Dockerode from 'dockerode';
import type { Backend, Capability, Cluster, ClusterSpec } from '../core/cluster.ts';
import type { ScriptLauncher } from '../core/launcher.ts';
import { dockerCapabilities, probeDockerFacts, type DockerFacts } from './capabilities.ts';
import { DockerCluster } from './docker-cluster.ts';
import { connect, engineStatus } from './engine.ts';
import { ensureStoreImage, type StoreImage } from './image.ts';

export { cleanupDocker } from './cleanup.ts';
export type { StoreImage } from './image.ts';

export interface DockerBackendOptions {
  /** What each container runs: its entry is bundled into the image, its args start each node. */
  readonly launcher: ScriptLauncher;
  readonly docker?: Dockerode;
  /** Node binary copied into the image [default: the controller's own]. */
  readonly nodeBinary?: string;
  /** How long a node may take to print its ready line [default: 30000]. */
  readonly readyTimeoutMs?: number;
  /** false: build the image without libfaketime, so clock faults use the store's offset. */
  readonly faketime?: boolean;
  /** Called once the image is ready, e.g. to print whether it was cached. */
  readonly onImage?: (image: StoreImage) => void;
}

export function dockerBackend(opts: DockerBackendOptions): Backend {
  let facts: DockerFacts | null = null;
  const getFacts = () => {
    facts ??= probeDockerFacts();
    return opts.faketime === false ? { ...facts, faketimeLib: null } : facts;
  };
  return {
    name: 'docker',
    capabilities(): readonly Capability[] {
      return dockerCapabilities(getFacts());
    },
    async up(spec: ClusterSpec): Promise<Cluster> {
      const docker = opts.docker ?? connect();
      const engine = await engineStatus(docker);
      if (!engine.ok) throw new Error(engine.detail);
      const f = getFacts();
      const image = await ensureStoreImage(docker, {
        nodeBinary: opts.nodeBinary ?? process.execPath,
        storeEntry: opts.launcher.entry,
        faketimeLib: f.faketimeLib,
      });
      opts.onImage?.(image);
      return DockerCluster.up(spec, {
        docker,
        image,
        facts: f,
        launcher: opts.launcher,
        readyTimeoutMs: opts.readyTimeoutMs ?? 30_000,
      });
    },
  };
}
