// Every Docker test in one file, so they run one after another in one worker:
// the crash test's `splitbrain doctor --cleanup` removes every labelled
// container, and must not pull a cluster from under a suite running beside it.
import { describe } from 'vitest';
import { e2eSuite } from './e2e.suite.ts';
import { failedStartSuite, faultsSuite, storeClockSuite } from './faults.suite.ts';
import { imageSuite } from './image.suite.ts';
import { announceSkip, engine } from './test-support.ts';

announceSkip('Docker backend (image, faults, end to end)');

describe.skipIf(!engine.ok)('Docker backend', () => {
  imageSuite();
  faultsSuite();
  storeClockSuite();
  failedStartSuite();
  e2eSuite();
});
