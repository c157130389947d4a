import { describeFaults } from './suite.js';
import { fullSize } from './scenarios/size.js';

// `npm run test:faults`: 200,000 events per scenario (CUEPOINT_FAULT_EVENTS to change it).
describeFaults(fullSize(), 900_000);
