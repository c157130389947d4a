import { randomBytes, randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { Redis } from 'ioredis';
import { v5 as uuidv5 } from 'uuid';
import { RedisSessionSplitter } from '../../../api/segment/RedisSessionSplitter.js';
import type { Unsessioned } from '../../../api/segment/SessionSplitter.js';
import { sharedServices } from '../../helpers/services.js';

const PROJECT = randomUUID();
const MIN = 60_000;
const T0 = Date.UTC(2026, 10, 23, 9, 0, 0);

/** The id of the session an event starts: UUIDv5 of session:<visitor>:<event id> in the project namespace. */
const startedBy = (item: Unsessioned) => uuidv5(`session:${item.visitorId}:${item.eventId}`, PROJECT);
const at = (visitorId: string, minutes: number): Unsessioned => ({ visitorId, at: T0 + minutes * MIN, eventId: randomUUID() });

describe('RedisSessionSplitter', () => {
  let redis: Redis;
  let prefix: string;
  let splitter: RedisSessionSplitter;

  before(async () => {
    const services = await sharedServices();
    redis = new Redis(services.base.redis.url ?? '', { maxRetriesPerRequest: 1 });
  });

  beforeEach(() => {
    prefix = `cpt-segsession-${randomBytes(4).toString('hex')}`;
    splitter = new RedisSessionSplitter(redis, { prefix });
  });

  afterEach(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
  });

  after(() => redis.disconnect());

  it('when a visitor sends two events 10 minutes apart in two requests then both get the session the first started', async () => {
    const v = randomUUID();
    const first = at(v, 0);
    const [a] = await splitter.assign(PROJECT, [first]);
    const [b] = await splitter.assign(PROJECT, [at(v, 10)]);
    expect(a).to.equal(startedBy(first));
    expect(b).to.equal(a);
  });

  it('when the second event is 31 minutes after the first then it starts a session of its own', async () => {
    const v = randomUUID();
    const first = at(v, 0);
    const second = at(v, 31);
    const [a] = await splitter.assign(PROJECT, [first]);
    const [b] = await splitter.assign(PROJECT, [second]);
    expect(a).to.equal(startedBy(first));
    expect(b).to.equal(startedBy(second));
  });

  it('when a visit runs past 30 minutes in steps of 20 then it stays one session, measured from its last event', async () => {
    const v = randomUUID();
    const items = [at(v, 0), at(v, 20), at(v, 40), at(v, 60)];
    const sessions = await splitter.assign(PROJECT, items);
    expect(sessions).to.deep.equal(items.map(() => startedBy(items[0] as Unsessioned)));
  });

  it('when two visitors send events in one request then each has its own session', async () => {
    const v1 = randomUUID();
    const v2 = randomUUID();
    const items = [at(v1, 0), at(v2, 1), at(v1, 5), at(v2, 6)];
    const sessions = await splitter.assign(PROJECT, items);
    expect(sessions).to.deep.equal([startedBy(items[0] as Unsessioned), startedBy(items[1] as Unsessioned), startedBy(items[0] as Unsessioned), startedBy(items[1] as Unsessioned)]);
  });

  it('when the items of one request arrive out of order then they are placed in time order, so all three share one session', async () => {
    const v = randomUUID();
    const items = [at(v, 40), at(v, 0), at(v, 20)];
    const sessions = await splitter.assign(PROJECT, items);
    expect(sessions).to.deep.equal(items.map(() => startedBy(items[1] as Unsessioned)));
  });

  it('when a late event lies before the session window then it gets its own session and the running session is kept', async () => {
    const v = randomUUID();
    const first = at(v, 0);
    await splitter.assign(PROJECT, [first, at(v, 10)]);
    const late = at(v, -45);
    const [lateSession] = await splitter.assign(PROJECT, [late]);
    const [next] = await splitter.assign(PROJECT, [at(v, 35)]);
    expect(lateSession).to.equal(startedBy(late));
    expect(next).to.equal(startedBy(first));
  });

  it('when a late event belongs to the visit before the current one then it joins that visit; one from further back gets its own', async () => {
    const v = randomUUID();
    const first = at(v, 0);
    const second = at(v, 60);
    const third = at(v, 120);
    await splitter.assign(PROJECT, [first, second]);
    const [ofFirst] = await splitter.assign(PROJECT, [at(v, 25)]);
    await splitter.assign(PROJECT, [third]);
    const ofSecond = at(v, 70);
    const ofFirstAgain = at(v, 5);
    const sessions = await splitter.assign(PROJECT, [ofSecond, ofFirstAgain]);
    expect(ofFirst).to.equal(startedBy(first));
    expect(sessions).to.deep.equal([startedBy(second), startedBy(ofFirstAgain)]);
  });

  it('when a late event lies within 30 minutes before the session then it joins and widens it backwards', async () => {
    const v = randomUUID();
    const first = at(v, 0);
    await splitter.assign(PROJECT, [first]);
    const [early] = await splitter.assign(PROJECT, [at(v, -20)]);
    const [earlier] = await splitter.assign(PROJECT, [at(v, -45)]);
    expect([early, earlier]).to.deep.equal([startedBy(first), startedBy(first)]);
    expect(await redis.hmget(splitter.stateKey(PROJECT, v), 'f', 'l')).to.deep.equal([String(T0 - 45 * MIN), String(T0)]);
  });

  it('when a request is retried then every item gets the session it got the first time', async () => {
    const v = randomUUID();
    const items = [at(v, 0), at(v, 12), at(v, 50)];
    const once = await splitter.assign(PROJECT, items);
    const again = await splitter.assign(PROJECT, items);
    expect(again).to.deep.equal(once);
    expect(once).to.deep.equal([startedBy(items[0] as Unsessioned), startedBy(items[0] as Unsessioned), startedBy(items[2] as Unsessioned)]);
  });

  it('when the same visitor id is seen in two projects then their sessions are apart', async () => {
    const v = randomUUID();
    const other = randomUUID();
    const item = at(v, 0);
    await splitter.assign(PROJECT, [item]);
    const [inOther] = await splitter.assign(other, [at(v, 5)]);
    expect(inOther).to.not.equal(startedBy(item));
  });

  it('when the state has expired then the next event starts a new session although it is within 30 minutes', async () => {
    const short = new RedisSessionSplitter(redis, { prefix, ttlMs: 300 });
    const v = randomUUID();
    const first = at(v, 0);
    await short.assign(PROJECT, [first]);
    const ttl = await redis.pttl(short.stateKey(PROJECT, v));
    expect(ttl).to.be.within(1, 300);
    await new Promise((resolve) => setTimeout(resolve, 450));
    const second = at(v, 5);
    const [b] = await short.assign(PROJECT, [second]);
    expect(b).to.equal(startedBy(second));
  });

  it('when the state is written then it expires after the default four hours', async () => {
    const v = randomUUID();
    await splitter.assign(PROJECT, [at(v, 0)]);
    expect(await redis.pttl(splitter.stateKey(PROJECT, v))).to.be.within(4 * 3_600_000 - 60_000, 4 * 3_600_000);
  });

  it('when a request holds no items then Redis is not asked and nothing is returned', async () => {
    expect(await splitter.assign(PROJECT, [])).to.deep.equal([]);
  });
});
