import { expect } from 'chai';
import { v5 as uuidv5 } from 'uuid';
import { BATCH_PATHS, SINGLE_PATHS, TELEMETRY_PATH } from '../../../api/segment/routes.js';
import { expectClientError } from '../api/assertions.js';
import type { Answer, Harness } from '../api/harness.js';
import { segmentPost, track } from '../segment/client.js';
import type { CrossProjectCheck } from './crossProject.js';
import type { Tenants } from './tenants.js';

const SEGMENT_PATHS = [...BATCH_PATHS, ...Object.keys(SINGLE_PATHS)];

/** The Segment routes a key posts to: the write or the server key, as HTTP Basic. */
export const SEGMENT_KEY_ROUTES = SEGMENT_PATHS.map((p) => `POST /v1${p}`);

/** Preflights, the 405 catch-alls and the telemetry route take no key. */
export const SEGMENT_PUBLIC_ROUTES = [...SEGMENT_PATHS, TELEMETRY_PATH].flatMap((p) => [`OPTIONS /v1${p}`, `ALL /v1${p}`]).concat(`POST /v1${TELEMETRY_PATH}`);

/** One message posted to a Segment route with `key` as Basic auth. */
export function segmentCall(h: Harness, route: string, key: string, message = track(), origin?: string): Promise<Answer> {
  const path = route.replace(/^POST \/v1/, '');
  const body = (BATCH_PATHS as readonly string[]).includes(path) ? { batch: [message] } : message;
  return segmentPost(h, path, body, { key, origin });
}

/** A message of the type the route implies (a batch route gets a track message). */
function messageFor(route: string): Record<string, unknown> {
  const type = SINGLE_PATHS[route.replace(/^POST \/v1/, '')] ?? 'track';
  const fields: Record<string, Record<string, unknown>> = {
    track: {},
    page: { name: 'Home', properties: { url: 'https://a.example/' } },
    screen: { name: 'Home' },
    identify: { userId: 'user-1' },
    group: { groupId: 'group-1' },
    alias: { userId: 'user-1', previousId: 'old-1' },
  };
  const { event: _event, ...base } = track({ type });
  return type === 'track' ? track() : { ...base, ...fields[type] };
}

function crossProject(route: string): CrossProjectCheck {
  return async (h, t: Tenants) => {
    // The same messageId sent with both keys: each project gets its own event, with its own id.
    const message = messageFor(route);
    const answerA = await segmentCall(h, route, t.a.writeKey, { ...message, projectId: t.b.projectId });
    const answerB = await segmentCall(h, route, t.b.writeKey, message);
    expect(answerA.status).to.equal(200);
    expect(answerB.status).to.equal(200);
    const ofA = uuidv5(message.messageId as string, t.a.projectId);
    const ofB = uuidv5(message.messageId as string, t.b.projectId);
    const jobs = await h.waitingJobs();
    const jobA = jobs.find((j) => j.events.some((e) => e.id === ofA));
    const jobB = jobs.find((j) => j.events.some((e) => e.id === ofB));
    expect(jobA?.projectId).to.equal(t.a.projectId);
    expect(jobB?.projectId).to.equal(t.b.projectId);
    const fromB = await segmentCall(h, route, t.a.writeKey, message, t.b.origin);
    expectClientError(fromB, 403, 'origin_not_allowed', 'origin');
    expect(fromB.headers.get('access-control-allow-origin')).to.equal(null);
  };
}

export const SEGMENT_CROSS_PROJECT: Record<string, { then: string; check: CrossProjectCheck }> = Object.fromEntries(
  SEGMENT_KEY_ROUTES.map((route) => [route, { then: "the event is A's, its id is A's (the same messageId in B is another event), and B's origin is refused", check: crossProject(route) }]),
);
