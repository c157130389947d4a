import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { startWorker, type RunningWorker } from '../../../worker/server.js';
import { silentLog } from '../../helpers/services.js';
import { BROWSER_UA, eventually, SHOP, startHarness, type Answer, type Harness, type HarnessOptions } from '../api/harness.js';

/** The web process of the API harness, and a worker in this process consuming its queues. */
export interface JourneyHarness extends Harness {
  worker: RunningWorker;
  promote(body: Record<string, unknown>, key?: string): Promise<Answer>;
  journey(id: string, key?: string): Promise<Answer>;
  /** Waits until the journey is frozen (ready or partial) and answers it. */
  frozen(id: string, timeoutMs?: number): Promise<FrozenJourney>;
  stateOf(id: string): Promise<string | undefined>;
}

export interface FrozenJourney {
  journey: { id: string; state: string; eventCount: number; email: string; formId: string | null };
  events: { eventId: string; type: string; occurredAt: string; data: Record<string, unknown>; videoTitle: string | null }[];
}

export async function startJourneyHarness(options: HarnessOptions = {}): Promise<JourneyHarness> {
  const h = await startHarness(options);
  const worker = await startWorker(h.t.config, silentLog);
  const promote: JourneyHarness['promote'] = (body, key = h.project.writeKey) =>
    h.request('POST', '/v1/journeys/promote', {
      headers: { 'content-type': 'text/plain', 'user-agent': BROWSER_UA, origin: SHOP },
      body: JSON.stringify({ key, ...body }),
    });
  const journey: JourneyHarness['journey'] = (id, key = h.project.adminKey) => h.request('GET', `/v1/journeys/${id}`, { headers: { authorization: `Bearer ${key}` } });
  const stateOf = async (id: string) => (await h.t.pool.query<{ state: string }>('select state from journeys where id = $1', [id])).rows[0]?.state;
  return {
    ...h,
    worker,
    promote,
    journey,
    stateOf,
    frozen: async (id, timeoutMs = 10_000) => {
      await eventually(async () => (await stateOf(id)) !== 'pending', timeoutMs);
      const answer = await journey(id);
      if (answer.status !== 200) throw new Error(`journey ${id} answered ${answer.status}`);
      return answer.json as unknown as FrozenJourney;
    },
    close: async () => {
      await worker.close();
      await h.close();
    },
  };
}

/** One visitor's events, stamped `agoMs` before now. */
export function visitorEvents(visitorId: string, agoMs = 60_000) {
  const sessionId = randomUUID();
  const playId = randomUUID();
  const ts = Date.now() - agoMs;
  const base = (type: string, offset: number, extra: Record<string, unknown>) => ({ id: randomUUID(), type, ts: ts + offset, visitorId, sessionId, ...extra });
  return [
    base('page_view', 0, { url: `${SHOP}/products/1?email=ann@example.com&utm_source=news`, title: 'Product 1' }),
    base('video_play', 1000, { videoId: 'intro', slotId: 'home', playId }),
    base('click', 2000, { videoId: 'intro', slotId: 'home', playId, target: 'cta', label: 'Book now' }),
    base('form_submit', 3000, { formId: 'booking', fields: ['name', 'email'], outcome: 'success' }),
  ];
}

/**
 * Two requests written to one socket in one write, as a browser's keep-alive burst does: the
 * server reads the second only after it answered the first, exactly as on a reused connection.
 * Answers the two status codes in order.
 */
export function pipelined(url: string, requests: { path: string; body: string }[]): Promise<number[]> {
  const { hostname, port } = new URL(url);
  const wire = requests
    .map((r) => `POST ${r.path} HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: text/plain\r\nOrigin: ${SHOP}\r\nUser-Agent: ${BROWSER_UA}\r\nContent-Length: ${Buffer.byteLength(r.body)}\r\n\r\n${r.body}`)
    .join('');
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(wire));
    let received = '';
    const statuses = () => [...received.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => Number(m[1]));
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`only ${statuses().length} of ${requests.length} answers came`));
    }, 10_000);
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      received += chunk;
      if (statuses().length < requests.length) return;
      clearTimeout(timer);
      socket.destroy();
      resolve(statuses());
    });
    socket.on('error', reject);
  });
}
