import { runProcess } from '../shared/lifecycle.js';
import { startClock } from './server.js';

await runProcess('clock', startClock);
