// A package loaded the first time it is used, not when its importer is: the
// Docker and database clients cost hundreds of milliseconds to load, and a
// run on the simulator (or a matrix worker thread) never uses them.
import { createRequire } from 'node:module';

const requireHere = createRequire(import.meta.url);

/** A getter for a CommonJS package's exports, loading it on first call. */
export function lazyPackage<T>(name: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= requireHere(name) as T);
}
