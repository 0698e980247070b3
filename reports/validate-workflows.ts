// `npm run lint:workflows`: every workflow under .github/workflows checked as
// GitHub would parse it, and the nightly matrix checked for checker coverage.
// Exits 1 naming each problem, so a broken workflow cannot land unseen.
// An argument names another folder of workflows (the tests use one).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { nightlyCoverageErrors, workflowErrors } from './workflows.ts';

const dir = process.argv[2] ?? join(import.meta.dirname, '..', '.github', 'workflows');
const problems: string[] = [];
for (const file of readdirSync(dir).filter((f) => /\.ya?ml$/.test(f))) {
  const text = readFileSync(join(dir, file), 'utf8');
  problems.push(...(await workflowErrors(`.github/workflows/${file}`, text)));
  if (file === 'nightly.yml') problems.push(...nightlyCoverageErrors(text));
}
for (const p of problems) process.stderr.write(`${p}\n`);
if (problems.length) process.exit(1);
process.stdout.write('workflows: ok\n');
