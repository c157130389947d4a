/**
 * Several web processes on one port, as node:cluster shares a listening socket: the primary
 * accepts connections and hands them round-robin to the workers, so one load client at one URL
 * reaches all of them.
 *   node bench/scaling/webCluster.ts <count> <entry> [node args for the workers...]
 * Prints `CLUSTER_PIDS [pid, ...]`; on SIGTERM it stops every worker gracefully, then exits.
 */
import cluster, { type Worker } from 'node:cluster';
import { once } from 'node:events';
import { CLUSTER_PIDS } from './clusterProtocol.js';

const [countArg, entry, ...execArgv] = process.argv.slice(2);
const count = Number(countArg);
if (!entry || !Number.isInteger(count) || count < 1) throw new Error('usage: webCluster.ts <count> <entry> [node args]');

cluster.setupPrimary({ exec: entry, execArgv });
const workers: Worker[] = [];
for (let i = 0; i < count; i++) workers.push(cluster.fork());
await Promise.all(workers.map((w) => once(w, 'online')));
process.stdout.write(`${CLUSTER_PIDS}${JSON.stringify(workers.map((w) => w.process.pid))}\n`);

process.on('SIGTERM', () => {
  const exits = workers.filter((w) => !w.isDead()).map((w) => once(w, 'exit'));
  for (const w of workers) w.process.kill('SIGTERM');
  void Promise.all(exits).then(() => process.exit(0));
});
