// The simulation backend passes the backend contract with our store, in
// virtual time (a seed fixes every delivery).
import { realClock } from '../core/clock.ts';
import { backendContract } from '../kit/testing/backend-contract.ts';
import { storeUnderContract } from '../systems/store/testing/contract.ts';
import { simEnvironment } from './index.ts';

const sim = simEnvironment(1, 3_600_000);

backendContract(
  storeUnderContract(
    {
      name: 'sim',
      time: () => ({ clock: sim.driver.clock, drive: (fn) => sim.driver.run(fn) }),
      backend: () => sim.backend,
    },
    realClock,
  ),
);
