// The external backend passes the backend contract against store nodes
// someone else runs (fixtures/node-ctl.ts starts them as plain processes),
// with hooks for kill, pause and clock. No partition hook is given, so the
// partition case is skipped with the capability's reason: that is the
// contract for a fault without a control hook.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { realClock } from '../core/clock.ts';
import { backendContract } from '../kit/testing/backend-contract.ts';
import { freePorts, LOOPBACK } from '../kit/ports.ts';
import { storeUnderContract } from '../systems/store/testing/contract.ts';
import { NODE_CTL, killNode, startNode, writeNode } from './fixtures/node-ctl.ts';
import { externalBackend } from './index.ts';

const IDS = ['n1', 'n2', 'n3'];
const dir = mkdtempSync(join(tmpdir(), 'splitbrain-external-nodes-'));
const ctl = (...args: string[]) => [process.execPath, '--import', 'tsx', NODE_CTL, ...args];
const hooks = {
  kill: ctl('kill', dir, '{node}'),
  start: ctl('start', dir, '{node}'),
  pause: ctl('pause', dir, '{node}'),
  resume: ctl('resume', dir, '{node}'),
  clock: ctl('clock', dir, '{node}', '{host}', '{port}', '{offsetMs}'),
};
const addresses: string[] = [];

/** Starts the store nodes the way an operator would, before the backend is asked for them. */
async function startCluster(): Promise<void> {
  const ports = await freePorts(2 * IDS.length);
  IDS.forEach((id, i) => {
    const peers = IDS.flatMap((p, j) =>
      p === id ? [] : ['--peer', `${p}=${LOOPBACK}:${ports[2 * j + 1]}`],
    );
    const args = ['--id', id, '--client-port', String(ports[2 * i]), '--peer-port'];
    args.push(String(ports[2 * i + 1]), ...peers, '--data-dir', join(dir, id), '--leader', 'n1');
    writeNode(dir, id, { args, port: ports[2 * i]! });
    addresses.push(`${LOOPBACK}:${ports[2 * i]}`);
  });
  await Promise.all(IDS.map((id) => startNode(dir, id)));
}

afterAll(async () => {
  await Promise.all(IDS.map((id) => killNode(dir, id).catch(() => {})));
  rmSync(dir, { recursive: true, force: true });
});

backendContract(
  storeUnderContract(
    {
      name: 'external',
      keepsNodes: true,
      backend: () => ({
        name: 'external',
        capabilities: () => externalBackend(addresses, hooks).capabilities!(),
        async up(spec) {
          await startCluster();
          return externalBackend(addresses, hooks).up(spec);
        },
      }),
    },
    realClock,
  ),
);
