import { runProcess } from '../shared/lifecycle.js';
import { startWorker } from './server.js';

await runProcess('worker', startWorker);
