/**
 * What CPU per event predicts for a deployment of N web and M worker dynos on a queue of S shards:
 * each part is a server (or dyno) of one core that should be at most PLANNED_BUSY busy. Web and
 * worker dynos scale out, one Redis master does not (its commands run on one thread), so the queue
 * layer's ceiling is its busiest master's: the shards spread the queue work, and how evenly they
 * do is measured (the busiest master's share), not assumed.
 */
export interface UnitCosts {
  /** µs of CPU per event, end to end. */
  webUs: number;
  workerUs: number;
  postgresUs: number;
  /** Every Redis server summed. */
  redisUs: number;
  /** The busiest Redis server's share of redisUs (1 for one server). */
  busiest: number;
}

export type Part = 'web' | 'worker' | 'redis';

export interface Capacity {
  eventsPerS: number;
  /** What runs out first. */
  bound: Part;
  /** PostgreSQL cores busy on average at that rate (its own server, scaled separately). */
  postgresCores: number;
}

/** Events/s one core carries at `us` µs per event when `busy` of its time is used. */
export const perCore = (us: number, busy: number) => (busy * 1e6) / us;

/** The steady events/s that `webs` web and `workers` worker dynos sustain on this queue layout. */
export function capacity(c: UnitCosts, webs: number, workers: number, busy: number): Capacity {
  const limits: [Part, number][] = [
    ['web', webs * perCore(c.webUs, busy)],
    ['worker', workers * perCore(c.workerUs, busy)],
    ['redis', perCore(c.redisUs * c.busiest, busy)],
  ];
  const [bound, eventsPerS] = limits.reduce((low, next) => (next[1] < low[1] ? next : low));
  return { eventsPerS, bound, postgresCores: (eventsPerS * c.postgresUs) / 1e6 };
}

export interface Plan {
  webs: number;
  workers: number;
  /** The busiest Redis master's CPU share at this load; above `busy` the layout cannot carry it. */
  redisBusy: number;
  fits: boolean;
  postgresCores: number;
}

/** The fewest dynos of each role for `load` events/s, and whether the queue layout carries it. */
export function plan(c: UnitCosts, load: number, busy: number): Plan {
  const dynos = (us: number) => Math.max(1, Math.ceil(load / perCore(us, busy)));
  const redisBusy = (load * c.redisUs * c.busiest) / 1e6;
  return { webs: dynos(c.webUs), workers: dynos(c.workerUs), redisBusy, fits: redisBusy <= busy, postgresCores: (load * c.postgresUs) / 1e6 };
}
