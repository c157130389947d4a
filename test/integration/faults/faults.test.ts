import { describeFaults } from '../../faults/suite.js';
import { CI_SIZE } from '../../faults/scenarios/size.js';

// The short version of `npm run test:faults`, run by `npm test` (budget: 3 minutes).
describeFaults(CI_SIZE, 120_000);
