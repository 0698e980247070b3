#!/usr/bin/env node
// The prebuilt bundle when it is up to date with the sources, else the
// sources through tsx (bin/start.js says which and why).
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chooseStart } from './start.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const start = chooseStart(root, process.env.SPLITBRAIN_BUNDLE);
// For `splitbrain doctor`, which says where this process started from.
process.env.SPLITBRAIN_STARTED_FROM =
  start.kind === 'bundle' ? 'the bundle' : `the sources through tsx (${start.reason})`;
let cli;
if (start.kind === 'bundle') {
  cli = await import(start.url);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  cli = await import('../harness/cli.ts');
}
await cli.main(process.argv.slice(2));
