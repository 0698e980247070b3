// The local backend passes the backend contract with our store.
import { realClock } from '../core/clock.ts';
import { backendContract } from '../kit/testing/backend-contract.ts';
import { storeUnderContract } from '../systems/store/testing/contract.ts';
import { localBackend } from './index.ts';

backendContract(
  storeUnderContract(
    { name: 'local', backend: (launcher) => localBackend({ launcher }) },
    realClock,
  ),
);
