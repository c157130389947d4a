import { us } from '../report/cpuPerEvent.js';
import { PLANNED_BUSY } from '../report/sizing.js';
import { int, pct } from '../report/table.js';
import { capacity, plan, type UnitCosts } from './prediction.js';
import type { RoundFigures, StepFigures } from './shardRound.js';

/** The loads the plan is worked out for, in events/s. */
const PLANNED_LOADS = [5_000, 20_000, 50_000, 100_000] as const;
/** Deployments whose ceiling is worked out: N web + N worker dynos. */
const DYNO_COUNTS = [1, 2, 4, 8, 16] as const;

const cell = (s: string) => s.replace(/\|/g, '\\|');

function redisCell(s: StepFigures): string {
  const perServer = s.servers.map((l) => `${l.address.split(':')[1] ?? l.address} ${int(l.mainThreadMs)} ms / ${int(l.commands)} cmds`).join(', ');
  return `${us(s.redisUs)} µs/event (all threads ${us(s.redisAllThreadsUs)}), busiest server ${pct(s.busiest)} (main thread: ${perServer})`;
}

function cpuCell(s: StepFigures): string {
  const parts: string[] = [];
  if (s.cpu.webUs !== undefined) parts.push(`web ${us(s.cpu.webUs)}`);
  if (s.cpu.workerUs !== undefined) parts.push(`worker ${us(s.cpu.workerUs)}`);
  parts.push(`PostgreSQL ${us(s.cpu.postgresUs)}`);
  return `${parts.join(' · ')} µs/event; load ${s.cpu.loadAvg.toFixed(1)}`;
}

/** How many projects' queue work each server holds: the shards it got, summed. */
function projectsPerServer(r: RoundFigures): string {
  const counts = new Map<string, number>();
  r.shardServers.forEach((server, i) => counts.set(server, (counts.get(server) ?? 0) + (r.projectsPerShard[i] ?? 0)));
  return [...counts].map(([server, n]) => `${server.split(':')[1] ?? server} ${n}`).join(', ');
}

function storedCell(r: RoundFigures): string {
  const { accepted, ids, rows, inFlightBound, ok } = r.stored;
  return (
    `stored ${int(ids)} events in ${int(rows)} rows for ${int(accepted)} counted 202s ` +
    `(+${int(ids - accepted)} from requests in flight when a load stopped, at most ${int(inFlightBound)}): ${ok ? 'each once' : 'NO'}`
  );
}

/** One row per step of each round. */
export function roundsTable(rounds: readonly RoundFigures[]): string {
  const rows = rounds.flatMap((r) => {
    const steps: [string, StepFigures][] = [
      ['ingest (web only)', r.ingest],
      [`drain (${r.options.workers} worker)`, r.drain],
      ['end to end', r.endToEnd],
    ];
    const layout =
      `${r.options.label}; projects per shard ${r.projectsPerShard.join('/')}; shard queues on ${r.shardServers.map((s) => s.split(':')[1] ?? s).join(', ')}; ` +
      `projects per server ${projectsPerServer(r)}; ${storedCell(r)}`;
    return steps.map(
      ([step, s], i) =>
        `| ${i === 0 ? cell(layout) : ''} | ${step} | ${int(s.eventsPerS)} events/s (${int(s.events)} events; ${cell(s.detail)}) | ${cpuCell(s)} | ${redisCell(s)} | ${s.complete ? 'yes' : 'NO'} |`,
    );
  });
  return [
    '| Deployment | Step | Throughput | CPU per event | Redis CPU per event (every server; main threads, which run the commands) | All stored, none failed |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

export function unitCosts(r: RoundFigures): UnitCosts | undefined {
  const c = r.endToEnd.cpu;
  if (c.webUs === undefined || c.workerUs === undefined || c.postgresUs === undefined || !Number.isFinite(r.endToEnd.redisUs)) return undefined;
  return { webUs: c.webUs, workerUs: c.workerUs, postgresUs: c.postgresUs, redisUs: r.endToEnd.redisUs, busiest: r.endToEnd.busiest };
}

/** "What the figures predict": ceilings of N web + N worker dynos, and the dynos for a given load, per layout. */
export function predictionSection(rounds: readonly RoundFigures[]): string {
  const costed = rounds.flatMap((r) => {
    const c = unitCosts(r);
    return c ? [{ label: r.options.label, c }] : [];
  });
  if (costed.length === 0) return '## What the figures predict\n\nNot computed: an end-to-end step stored no events.\n';
  const busy = Math.round(PLANNED_BUSY * 100);
  return [
    '## What the figures predict',
    '',
    'The Redis figures come from one web process and one worker with this run’s placement of projects on shards. More web ' +
      'processes split the same traffic into smaller rate-limit batches and job bundles, so Redis µs per event grows with them: ' +
      'the ceilings for many dynos are an upper bound.',
    '',
    `Each part is one core planned at most ${busy} % busy, costed by the end-to-end step's CPU per event above: a web dyno ` +
      `carries ${busy} % × 1,000,000 ÷ web µs events/s, a worker dyno the same by worker µs. Web and worker dynos scale out; a Redis ` +
      'master does not (one thread runs its commands), so the queue layer carries what its busiest master can: Redis µs per event × ' +
      'that master’s measured share. PostgreSQL is shown in cores busy on average (its backends only; WAL, checkpoints and ' +
      'autovacuum come on top) and is scaled on its own (a larger plan, or Citus).',
    '',
    '| Layout | Web µs | Worker µs | PostgreSQL µs | Redis µs (busiest share) | Queue layer ceiling |',
    '| --- | --- | --- | --- | --- | --- |',
    ...costed.map(
      ({ label, c }) =>
        `| ${cell(label)} | ${us(c.webUs)} | ${us(c.workerUs)} | ${us(c.postgresUs)} | ${us(c.redisUs)} (${pct(c.busiest)}) | ${int(capacity(c, Infinity, Infinity, PLANNED_BUSY).eventsPerS)} events/s |`,
    ),
    '',
    'Steady events/s of N web + N worker dynos (what runs out first; PostgreSQL cores needed at that rate):',
    '',
    `| Layout | ${DYNO_COUNTS.map((n) => `${n} + ${n}`).join(' | ')} |`,
    `| --- | ${DYNO_COUNTS.map(() => '---').join(' | ')} |`,
    ...costed.map(({ label, c }) => {
      const cells = DYNO_COUNTS.map((n) => {
        const cap = capacity(c, n, n, PLANNED_BUSY);
        return `${int(cap.eventsPerS)} (${cap.bound}; PG ${cap.postgresCores.toFixed(1)})`;
      });
      return `| ${cell(label)} | ${cells.join(' | ')} |`;
    }),
    '',
    'Dynos for a steady load, and whether the layout’s busiest Redis master stays under the plan:',
    '',
    `| Layout | ${PLANNED_LOADS.map((l) => `${int(l)} events/s`).join(' | ')} |`,
    `| --- | ${PLANNED_LOADS.map(() => '---').join(' | ')} |`,
    ...costed.map(({ label, c }) => {
      const cells = PLANNED_LOADS.map((load) => {
        const p = plan(c, load, PLANNED_BUSY);
        return `${p.webs} web + ${p.workers} worker; Redis busiest ${pct(p.redisBusy)}${p.fits ? '' : ' (too much: more shards or masters)'}; PG ${p.postgresCores.toFixed(1)} cores`;
      });
      return `| ${cell(label)} | ${cells.join(' | ')} |`;
    }),
    '',
  ].join('\n');
}
