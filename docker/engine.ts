// The Docker engine connection and the labels that mark what this project
// created: cleanup finds resources by these labels only, never by name, since
// other people's containers may share the engine.
import type Dockerode from 'dockerode';
import { lazyPackage } from '../core/lazy-package.ts';

const dockerode = lazyPackage<typeof Dockerode>('dockerode');

export const SOCKET_PATH = process.env.SPLITBRAIN_DOCKER_SOCKET ?? '/var/run/docker.sock';
/** On every container and network this backend creates. */
export const LABEL = 'splitbrain';
/** The run a container or network belongs to. */
export const RUN_LABEL = 'splitbrain.run';
/** The node id of a container. */
export const NODE_LABEL = 'splitbrain.node';
/** On store images; images are a cache and outlive runs. */
export const IMAGE_LABEL = 'splitbrain.image';
export const IMAGE_REPO = 'splitbrain-store';

export function connect(socketPath = SOCKET_PATH): Dockerode {
  const Engine = dockerode();
  return new Engine({ socketPath });
}

export interface EngineStatus {
  readonly ok: boolean;
  /** Engine version when ok; why not otherwise, with how to fix it. */
  readonly detail: string;
}

/** GET /_ping within timeoutMs: is an engine answering on the socket? */
export async function engineStatus(docker = connect(), timeoutMs = 3000): Promise<EngineStatus> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    });
    await Promise.race([docker.ping(), timeout]);
    const v = await Promise.race([docker.version(), timeout]);
    return { ok: true, detail: `Docker engine ${v.Version} (API ${v.ApiVersion})` };
  } catch (err) {
    return {
      ok: false,
      detail: `no Docker engine on ${SOCKET_PATH} (${(err as Error).message}); install docker.io and start it: nohup dockerd --storage-driver=vfs >/tmp/dockerd.log 2>&1 &`,
    };
  } finally {
    clearTimeout(timer);
  }
}

/** Docker's own error for a missing object, without catching by message text. */
export function isNotFound(err: unknown): boolean {
  return (
    typeof err === 'object' && err !== null && (err as { statusCode?: number }).statusCode === 404
  );
}
