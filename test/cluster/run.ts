import { spawn } from 'node:child_process';
import { startLocalCluster } from './localCluster.js';

/**
 * `npm run test:cluster`: a local three-master Redis Cluster for the length of the suite in
 * test/cluster/, torn down after whatever the outcome.
 */
const cluster = await startLocalCluster();
let code: number;
try {
  code = await new Promise<number>((resolve) => {
    const mocha = spawn('npx', ['mocha', ...(process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['test/cluster/**/*.test.ts'])], {
      stdio: 'inherit',
      env: { ...process.env, CUEPOINT_TEST_CLUSTER_URL: cluster.url },
    });
    mocha.on('exit', (c) => resolve(c ?? 1));
  });
} finally {
  await cluster.stop();
}
process.exit(code);
