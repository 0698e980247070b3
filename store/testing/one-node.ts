// A one-node store in this process on free loopback ports, in a temporary
// data dir that close() removes: for tests of the HTTP API.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startStore } from '../main.ts';
import { parseStoreOptions } from '../options.ts';
import { freePort } from './free-port.ts';

export interface OneNode {
  readonly port: number;
  close(): Promise<void>;
}

export async function oneNodeStore(extraArgs: readonly string[] = []): Promise<OneNode> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-one-node-'));
  const port = await freePort();
  const argv = ['--id', 'n1', '--client-port', String(port), '--peer-port'];
  argv.push(String(await freePort()), '--data-dir', dir, ...extraArgs);
  const store = await startStore(parseStoreOptions(argv), () => {});
  return {
    port,
    close: async () => {
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
