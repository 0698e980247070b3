// The store's image, made without a registry: this machine's node binary, the
// shared libraries ldd lists (at the same paths), the store bundled into one
// file, and libfaketime when installed, imported as a tarball. The tag is a
// hash of those inputs, so an unchanged store reuses the image it built before.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type Dockerode from 'dockerode';
import { build } from 'esbuild';
import { IMAGE_LABEL, IMAGE_REPO } from './engine.ts';
import { tarStream, type TarEntry } from './tar.ts';

/** Where things live inside the image. */
export const IMAGE_PATHS = {
  bundle: '/app/store.mjs',
  faketime: '/usr/lib/faketime/libfaketimeMT.so.1',
  data: '/data',
  offsetDir: '/faketime',
} as const;

/** Bump when the image layout changes, so old tags are not reused. */
const LAYOUT_VERSION = 'splitbrain-image-v1';

export const DEFAULT_STORE_ENTRY = resolve(
  join(dirname(fileURLToPath(import.meta.url)), '..', 'store', 'main.ts'),
);

export interface ImageInputs {
  /** Node binary on the host; also its path inside the image. */
  readonly nodeBinary: string;
  readonly storeEntry: string;
  /** libfaketimeMT.so.1 on the host, or null to build without clock faults. */
  readonly faketimeLib: string | null;
}

export interface StoreImage {
  /** repo:tag, e.g. "splitbrain-store:3f2a…". */
  readonly ref: string;
  readonly nodeBinary: string;
  readonly hasFaketime: boolean;
  /** False when an image with this tag already existed. */
  readonly built: boolean;
  /** Bundling, hashing and (if not cached) importing, in ms. */
  readonly elapsedMs: number;
  readonly sizeBytes: number;
}

/** Libraries the dynamic loader needs for a binary, as ldd prints them. */
export async function sharedLibraries(binary: string): Promise<string[]> {
  const { execa } = await import('execa');
  const { stdout } = await execa('ldd', [binary]);
  const libs: string[] = [];
  for (const line of stdout.split('\n')) {
    const m = /=>\s*(\/\S+)\s+\(0x/.exec(line) ?? /^\s*(\/\S+)\s+\(0x/.exec(line);
    if (m) libs.push(m[1]!);
  }
  return libs;
}

const WATCHDOG = fileURLToPath(new URL('./watchdog.ts', import.meta.url));

/** The store and, evaluated before it, the stdin watchdog, as one ESM file. */
export async function bundleStore(entry: string): Promise<Buffer> {
  const out = await build({
    stdin: {
      contents: `import ${JSON.stringify(WATCHDOG)};\nimport ${JSON.stringify(resolve(entry))};\n`,
      resolveDir: dirname(resolve(entry)),
      sourcefile: 'splitbrain-node-entry.ts',
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    write: false,
    logLevel: 'silent',
    legalComments: 'none',
  });
  const file = out.outputFiles[0];
  if (!file) throw new Error(`esbuild produced no output for ${entry}`);
  return Buffer.from(file.contents);
}

function hostFile(path: string, inImage = path, mode = 0o755): TarEntry {
  const sizeBytes = statSync(realpathSync(path)).size;
  return { kind: 'file', path: inImage, mode, sizeBytes, source: path };
}

/** Every parent folder of the files, before them, as tar wants. */
function withParents(files: readonly TarEntry[], extraDirs: readonly string[]): TarEntry[] {
  const dirs = new Set<string>(extraDirs);
  for (const f of files) {
    for (let d = dirname(f.path); d !== '/' && d !== '.'; d = dirname(d)) dirs.add(d);
  }
  for (const d of [...dirs]) {
    for (let p = dirname(d); p !== '/' && p !== '.'; p = dirname(p)) dirs.add(p);
  }
  const dirEntries: TarEntry[] = [...dirs]
    .sort()
    .map((path) => ({ kind: 'dir', path, mode: path === '/tmp' ? 0o1777 : 0o755 }));
  return [...dirEntries, ...files];
}

export async function imageEntries(inputs: ImageInputs): Promise<TarEntry[]> {
  const libs = new Set(await sharedLibraries(inputs.nodeBinary));
  if (inputs.faketimeLib !== null) {
    for (const l of await sharedLibraries(inputs.faketimeLib)) libs.add(l);
  }
  const bundle = await bundleStore(inputs.storeEntry);
  const files: TarEntry[] = [
    hostFile(inputs.nodeBinary),
    ...[...libs].sort().map((l) => hostFile(l)),
    {
      kind: 'file',
      path: IMAGE_PATHS.bundle,
      mode: 0o644,
      sizeBytes: bundle.length,
      source: bundle,
    },
  ];
  if (inputs.faketimeLib !== null) files.push(hostFile(inputs.faketimeLib, IMAGE_PATHS.faketime));
  return withParents(files, ['/tmp', IMAGE_PATHS.data, IMAGE_PATHS.offsetDir, '/etc']);
}

/** Content hash of everything that goes into the image, in a fixed order. */
export async function contentHash(entries: readonly TarEntry[]): Promise<string> {
  const h = createHash('sha256').update(LAYOUT_VERSION + '\n');
  for (const e of entries) {
    h.update(`${e.kind} ${e.path} ${e.mode.toString(8)}\n`);
    if (e.kind !== 'file') continue;
    if (typeof e.source !== 'string') h.update(e.source);
    else for await (const c of createReadStream(e.source)) h.update(c as Buffer);
  }
  return h.digest('hex');
}

async function imageExists(docker: Dockerode, ref: string): Promise<boolean> {
  const found = await docker.listImages({ filters: { reference: [ref] } });
  return found.length > 0;
}

/** Imports the tarball and waits for the engine to finish, failing on any error it reports. */
async function importTar(
  docker: Dockerode,
  entries: readonly TarEntry[],
  tag: string,
  nodeBinary: string,
) {
  const progress = await docker.importImage(tarStream(entries), {
    repo: IMAGE_REPO,
    tag,
    changes: [`CMD ["${nodeBinary}", "${IMAGE_PATHS.bundle}"]`, `LABEL ${IMAGE_LABEL}=1`],
  });
  await new Promise<void>((resolveDone, reject) => {
    docker.modem.followProgress(progress, (err: Error | null, out: { error?: string }[]) => {
      const failed = out?.find((o) => o.error);
      if (err) reject(err);
      else if (failed) reject(new Error(`docker import failed: ${failed.error}`));
      else resolveDone();
    });
  });
}

/** Store images kept after a build: the newest few, so a change and a revert both stay fast. */
export const KEEP_IMAGES = 3;

/**
 * Removes store images beyond the newest `keep`, never the one in use. Not
 * forced: an image a running container uses (another run) stays.
 */
export async function pruneStoreImages(docker: Dockerode, inUse: string, keep = KEEP_IMAGES) {
  const images = await docker.listImages({ filters: { label: [`${IMAGE_LABEL}=1`] } });
  const old = images
    .filter((i) => !(i.RepoTags ?? []).includes(inUse))
    .sort((a, b) => b.Created - a.Created)
    .slice(Math.max(0, keep - 1));
  const removed: string[] = [];
  for (const i of old) {
    try {
      await docker.getImage(i.Id).remove();
      removed.push(...(i.RepoTags ?? [i.Id]));
    } catch (err) {
      // 409: used by a container of a run going on now; 404: someone else removed it.
      const code = (err as { statusCode?: number }).statusCode;
      if (code !== 409 && code !== 404) throw err;
    }
  }
  return removed;
}

/** Builds the store image, or finds the one built from the same inputs before. */
export async function ensureStoreImage(
  docker: Dockerode,
  inputs: ImageInputs,
  opts: { readonly prune?: boolean } = {},
): Promise<StoreImage> {
  const t0 = performance.now();
  if (!existsSync(inputs.nodeBinary))
    throw new Error(`node binary not found: ${inputs.nodeBinary}`);
  const entries = await imageEntries(inputs);
  const tag = (await contentHash(entries)).slice(0, 16);
  const ref = `${IMAGE_REPO}:${tag}`;
  const sizeBytes = entries.reduce((n, e) => n + (e.kind === 'file' ? e.sizeBytes : 0), 0);
  const cached = await imageExists(docker, ref);
  if (!cached) {
    await importTar(docker, entries, tag, inputs.nodeBinary);
    if (opts.prune !== false) await pruneStoreImages(docker, ref);
  }
  return {
    ref,
    nodeBinary: inputs.nodeBinary,
    hasFaketime: inputs.faketimeLib !== null,
    built: !cached,
    elapsedMs: performance.now() - t0,
    sizeBytes,
  };
}
