#!/usr/bin/env node
// Loads the TypeScript sources through tsx so a fresh clone needs no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../harness/cli.ts');
await main(process.argv.slice(2));
