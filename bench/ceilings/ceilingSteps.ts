import os from 'node:os';
import { describeLoad } from '../ingest/describeLoad.js';
import type { LoadResult } from '../ingest/loadSpec.js';
import { runLoad } from '../ingest/runLoad.js';
import { BATCH_SIZES, perRequest, type BatchSize, type BenchContext } from '../lib/context.js';
import { cpuMs } from '../lib/cpuTime.js';
import { us } from '../report/cpuPerEvent.js';
import { int, pct } from '../report/table.js';
import { startCeiling } from './startCeiling.js';

type Server = 'bareHttp' | 'bareExpress';

export interface Ceilings {
  bareHttp: Record<BatchSize, LoadResult>;
  bareExpress: Record<BatchSize, LoadResult>;
  /** The server process's CPU µs per accepted event: unlike requests/s, it holds when other work shares the cores. */
  cpuUs: Record<Server, Record<BatchSize, number>>;
}

const LABELS = {
  bareHttp: '(a) bare node:http, parses the JSON, 202',
  bareExpress: '(b) bare Express 5 + express.json + helmet, 202',
} as const;

/** The two ingest ceilings, with the same load client and the same bodies as the product. */
export async function measureCeilings(ctx: BenchContext): Promise<Ceilings> {
  const results: Partial<Record<Server, Record<BatchSize, LoadResult>>> = {};
  const cpuUs: Partial<Record<Server, Record<BatchSize, number>>> = {};
  for (const server of ['bareHttp', 'bareExpress'] as const) {
    const running = await startCeiling(server);
    const pid = running.pids[0] ?? 0;
    try {
      const bySize: Partial<Record<BatchSize, LoadResult>> = {};
      const usBySize: Partial<Record<BatchSize, number>> = {};
      for (const size of BATCH_SIZES) {
        const cpu0 = cpuMs(pid);
        const r = await runLoad({ url: `${running.url}/v1/events`, connections: ctx.args.connections, durationS: ctx.args.durationS, eventsPerRequest: size, writeKey: ctx.project.writeKey });
        const events = r.accepted * size;
        const perEvent = events > 0 ? ((cpuMs(pid) - cpu0) * 1000) / events : NaN;
        bySize[size] = r;
        usBySize[size] = perEvent;
        ctx.table.add('1 ingest ceiling', `${LABELS[server]}, ${perRequest(size)}`, describeLoad(r, size), '', undefined, `server ${us(perEvent)} µs/accepted; load ${(os.loadavg()[0] ?? 0).toFixed(1)}`);
      }
      results[server] = bySize as Record<BatchSize, LoadResult>;
      cpuUs[server] = usBySize as Record<BatchSize, number>;
    } finally {
      await running.stop();
    }
  }
  const ceilings = { ...(results as Record<Server, Record<BatchSize, LoadResult>>), cpuUs: cpuUs as Record<Server, Record<BatchSize, number>> };
  addClientCostRow(ctx, ceilings);
  return ceilings;
}

/**
 * The load client shares the 2 cores: this shows what building unique bodies costs it at the
 * fastest rate measured, and how busy the client process was, so a client-bound figure is visible.
 */
function addClientCostRow(ctx: BenchContext, ceilings: Ceilings): void {
  const parts = BATCH_SIZES.map((size) => {
    const r = ceilings.bareHttp[size];
    const share = (r.bodyBuildUs * (r.accepted / r.durationS)) / 1e6;
    return `${perRequest(size)}: ${r.bodyBuildUs.toFixed(1)} us/body = ${pct(share)} of a core at ${int(r.accepted / r.durationS)} req/s (client process ${pct(r.clientCpuShare)} busy)`;
  });
  ctx.table.add('1 ingest ceiling', 'load client: cost of unique bodies at the (a) rate', parts.join('; '), 'client must not be the bottleneck (well under 100 % of a core)', ceilingsNotClientBound(ceilings));
}

function ceilingsNotClientBound(ceilings: Ceilings): boolean {
  return BATCH_SIZES.every((size) => ceilings.bareHttp[size].clientCpuShare < 0.9 && ceilings.bareExpress[size].clientCpuShare < 0.9);
}
