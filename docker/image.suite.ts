// The store image: built from this machine's files with no registry, runnable,
// and reused (by content hash) on the next run.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFaketime } from '../kit/faketime.ts';
import { connect, LABEL } from './engine.ts';
import { DEFAULT_STORE_ENTRY, IMAGE_PATHS, ensureStoreImage } from './image.ts';

export function imageSuite(): void {
  describe('Docker backend: the store image', () => {
    const docker = connect();
    let dir = '';
    const made: string[] = [];
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'splitbrain-image-'));
    });
    afterAll(async () => {
      for (const ref of made) await docker.getImage(ref).remove({ force: true });
      if (dir !== '') rmSync(dir, { recursive: true, force: true });
    });

    it('builds once from new inputs, then the second run is a cache hit', async () => {
      // The folder name makes these inputs new, so the first call really imports.
      const entry = join(dir, 'entry.ts');
      writeFileSync(entry, `console.log('stand-in ' + ${JSON.stringify(dir)});\n`);
      const inputs = {
        nodeBinary: process.execPath,
        storeEntry: entry,
        faketimeLib: findFaketime(),
      };
      // No pruning: a parallel test may be about to use a store image.
      const first = await ensureStoreImage(docker, inputs, { prune: false });
      made.push(first.ref);
      const second = await ensureStoreImage(docker, inputs);
      console.log(
        `image ${first.ref} (${(first.sizeBytes / 1e6).toFixed(0)} MB): first build ${first.elapsedMs.toFixed(0)} ms, cached ${second.elapsedMs.toFixed(0)} ms`,
      );
      expect(first.built).toBe(true);
      expect(second.built).toBe(false);
      expect(second.ref).toBe(first.ref);
      expect(second.elapsedMs).toBeLessThan(first.elapsedMs);

      // The image runs: node and every library it needs are inside.
      const out = new PassThrough();
      let text = '';
      out.on('data', (b: Buffer) => (text += b.toString()));
      const [result, container] = (await docker.run(
        first.ref,
        [first.nodeBinary, IMAGE_PATHS.bundle],
        out,
        { Labels: { [LABEL]: '1' } },
      )) as [{ StatusCode: number }, { remove: () => Promise<void> }];
      await container.remove();
      expect(result.StatusCode).toBe(0);
      expect(text).toContain(`stand-in ${dir}`);
    });

    it('the real store image is reused across runs', async () => {
      const inputs = {
        nodeBinary: process.execPath,
        storeEntry: DEFAULT_STORE_ENTRY,
        faketimeLib: findFaketime(),
      };
      const a = await ensureStoreImage(docker, inputs);
      const b = await ensureStoreImage(docker, inputs);
      console.log(
        `store image ${a.ref}: ${a.built ? 'built' : 'cached'} in ${a.elapsedMs.toFixed(0)} ms, then cached in ${b.elapsedMs.toFixed(0)} ms`,
      );
      expect(b.built).toBe(false);
      expect(b.ref).toBe(a.ref);
    });
  });
}
