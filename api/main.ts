import { runProcess } from '../shared/lifecycle.js';
import { startWeb } from './server.js';

await runProcess('web', startWeb);
