// Every Docker test in one file, so they run one after another in one worker:
// the crash test's `splitbrain doctor --cleanup` removes every labelled
// container, and must not pull a cluster from under a suite running beside it.
import { describe } from 'vitest';
import { realClock } from '../core/clock.ts';
import { backendContract } from '../kit/testing/backend-contract.ts';
import { storeUnderContract } from '../systems/store/testing/contract.ts';
import { e2eSuite } from './e2e.suite.ts';
import { failedStartSuite, faultsSuite, storeClockSuite } from './faults.suite.ts';
import { imageSuite } from './image.suite.ts';
import { leaderlessSuite } from './leaderless.suite.ts';
import { dockerBackend } from './index.ts';
import { announceSkip, engine } from './test-support.ts';

announceSkip('Docker backend (image, faults, end to end)');

backendContract(
  storeUnderContract(
    {
      name: 'docker',
      unavailable: engine.ok ? null : `no Docker engine answers: ${engine.detail}`,
      backend: (launcher) =>
        dockerBackend({ launcher: launcher.kind === 'script' ? launcher : assertScript() }),
    },
    realClock,
  ),
);

function assertScript(): never {
  throw new Error('the Docker backend runs script launchers (our store) only');
}

describe.skipIf(!engine.ok)('Docker backend', () => {
  imageSuite();
  faultsSuite();
  storeClockSuite();
  failedStartSuite();
  e2eSuite();
  leaderlessSuite();
});
