/** The line webCluster.ts prints once its workers are online, followed by their pids as JSON. */
export const CLUSTER_PIDS = 'CLUSTER_PIDS ';
