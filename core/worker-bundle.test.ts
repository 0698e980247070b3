// A bundled worker entry runs the same code as its sources: a module's
// import.meta.url still names its own source file (workers and assets are
// found beside it), and no keepNames wrapper is left in.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { bundledEntry } from './worker-bundle.ts';

const dir = mkdtempSync(join(tmpdir(), 'sb-worker-bundle-'));
const made: string[] = [];
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  for (const f of made)
    for (const g of [f, f.replace(/\.mjs$/, '.json')]) rmSync(g, { force: true });
});

describe('bundledEntry', () => {
  it('bundles an entry and its imports into one module that keeps each source location', async () => {
    writeFileSync(
      join(dir, 'beside.ts'),
      'export const where = (): string => new URL("./asset.txt", import.meta.url).href;\n',
    );
    writeFileSync(
      join(dir, 'entry.ts'),
      'import { where } from "./beside.ts";\nexport const asset = where();\nexport const named = function inner(): number { return 1; };\n',
    );
    const url = bundledEntry(pathToFileURL(join(dir, 'entry.ts')).href);
    expect(url).not.toBeNull();
    made.push(fileURLToPath(url!));
    expect(fileURLToPath(url!)).not.toContain(dir);
    const mod = (await import(url!)) as { asset: string; named: () => number };
    expect(mod.asset).toBe(pathToFileURL(join(dir, 'asset.txt')).href);
    expect(mod.named()).toBe(1);
    expect(readFileSync(fileURLToPath(url!), 'utf8')).not.toContain('__name');
  });

  it('answers null for an entry it cannot build, so the caller runs the sources', () => {
    expect(bundledEntry(pathToFileURL(join(dir, 'missing.ts')).href)).toBeNull();
  });
  it("the build script never spells import.meta's fields, which the CLI's bundle rewrites wherever they appear", () => {
    const source = readFileSync(new URL('./worker-bundle.ts', import.meta.url), 'utf8');
    const script = /const BUILD_SCRIPT = `([^`]*)`/.exec(source)?.[1];
    expect(script).toContain('onLoad');
    expect(script).not.toMatch(/import\.meta\.(url|dirname)/);
  });
});
