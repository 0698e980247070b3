#!/usr/bin/env node
// Loads the TypeScript sources through tsx so a fresh clone needs no build step.
import { register } from 'tsx/esm/api';

register();
await import('../harness/cli.ts');
