// Runs every bench/*.bench.ts (or those whose names contain an argument),
// prints each one's numbers and writes them all to bench/results.json.
// A bench file exports a default function, or one whose name starts with
// "bench", taking no arguments and returning JSON-able numbers.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const DIR = dirname(fileURLToPath(import.meta.url));

type BenchFn = () => unknown;

function entryOf(mod: Record<string, unknown>): BenchFn | null {
  if (typeof mod.default === 'function') return mod.default as BenchFn;
  const named = Object.entries(mod).find(
    ([k, v]) => k.startsWith('bench') && typeof v === 'function',
  );
  return named ? (named[1] as BenchFn) : null;
}

const filters = process.argv.slice(2);
const files = readdirSync(DIR)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
const out = join(DIR, 'results.json');
// A run of some bench files keeps the others' last numbers.
const results: Record<string, unknown> = existsSync(out)
  ? (JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>)
  : {};
for (const file of files) {
  const name = file.replace(/\.bench\.ts$/, '');
  const mod = (await import(pathToFileURL(join(DIR, file)).href)) as Record<string, unknown>;
  const run = entryOf(mod);
  if (run === null) {
    results[name] = { skipped: 'exports no default or bench* function' };
    continue;
  }
  console.log(`── ${name}`);
  const t = performance.now();
  try {
    results[name] = await run();
  } catch (err) {
    results[name] = { error: err instanceof Error ? err.message : String(err) };
  }
  console.log(JSON.stringify(results[name], null, 2));
  console.log(`   (${((performance.now() - t) / 1000).toFixed(1)} s)`);
}
// Formatted as the repository's prettier would, so `npm run format:check` stays clean.
const prettier = await import('prettier');
const options = { ...(await prettier.resolveConfig(out)), filepath: out };
writeFileSync(out, await prettier.format(JSON.stringify(results, null, 2), options));
console.log(`wrote ${out}`);
