import { slotTag, type RedisClient } from '../../shared/queue/redisClient.js';
import { startedSessionId } from './ids.js';
import type { SessionSplitter, Unsessioned } from './SessionSplitter.js';

/** A visitor's events at most this far apart share a session, as the tracker's own sessions do. */
export const SESSION_GAP_MS = 30 * 60 * 1000;
/** How long a visitor's session state outlives its last event: long enough for late and retried messages. */
export const SESSION_STATE_TTL_MS = 4 * 60 * 60 * 1000;

export interface RedisSessionSplitterOptions {
  /** `QUEUE_PREFIX`; states live under `<prefix>:segment:session:`. */
  prefix: string;
  /** Default SESSION_STATE_TTL_MS. */
  ttlMs?: number;
}

/**
 * Assigns the sessions of one request's items, in the order of their time. KEYS are the
 * (project, visitor) states, each a hash of the current session {s: id, f: first event ms,
 * l: last event ms} and the one before it {ps, pf, pl}. ARGV[1] is the gap in ms, ARGV[2] the
 * state's TTL in ms, then per item (sorted by time): its key's 1-based index, its time in ms,
 * and the id of the session it starts if it joins none.
 * - within [f − gap, l + gap]: joins the current session and widens it;
 * - past l + gap (or no state): starts a new session, which becomes the current one and the
 *   old current one the previous;
 * - before f − gap: a late event. Within [pf − gap, pl + gap] it joins the previous session
 *   (so a retried request that spanned a session break gets the sessions it got before), else
 *   it gets a session of its own and the state is left alone.
 * Returns one session id per item. Times are kept as the strings received: Lua would print a
 * number back with 14 significant digits.
 */
const ASSIGN_SCRIPT = `
local gap = tonumber(ARGV[1])
local ttl = ARGV[2]
local states = {}
local assigned = {}

local function span(id, fText, lText)
  if not (id and fText and lText) then return nil end
  return { s = id, f = tonumber(fText), fText = fText, l = tonumber(lText), lText = lText }
end

local function widen(sp, at, atText)
  if at < sp.f then sp.f = at; sp.fText = atText end
  if at > sp.l then sp.l = at; sp.lText = atText end
end

local a = 3
while a <= #ARGV do
  local k = tonumber(ARGV[a])
  local atText = ARGV[a + 1]
  local at = tonumber(atText)
  local started = ARGV[a + 2]
  a = a + 3
  local st = states[k]
  if st == nil then
    local v = redis.call('HMGET', KEYS[k], 's', 'f', 'l', 'ps', 'pf', 'pl')
    st = { cur = span(v[1], v[2], v[3]), prev = span(v[4], v[5], v[6]), changed = false }
    states[k] = st
  end
  local cur = st.cur
  if cur == nil or at > cur.l + gap then
    st.prev = cur
    st.cur = { s = started, f = at, fText = atText, l = at, lText = atText }
    st.changed = true
    assigned[#assigned + 1] = started
  elseif at >= cur.f - gap then
    widen(cur, at, atText)
    st.changed = true
    assigned[#assigned + 1] = cur.s
  elseif st.prev ~= nil and at >= st.prev.f - gap and at <= st.prev.l + gap then
    widen(st.prev, at, atText)
    st.changed = true
    assigned[#assigned + 1] = st.prev.s
  else
    assigned[#assigned + 1] = started
  end
end
for k, st in pairs(states) do
  if st.changed then
    local c = st.cur
    redis.call('HSET', KEYS[k], 's', c.s, 'f', c.fText, 'l', c.lText)
    if st.prev ~= nil then
      redis.call('HSET', KEYS[k], 'ps', st.prev.s, 'pf', st.prev.fText, 'pl', st.prev.lText)
    end
    redis.call('PEXPIRE', KEYS[k], ttl)
  end
end
return assigned
`;

const COMMAND = 'cuepointSegmentSessions';

type AssignCommand = Record<typeof COMMAND, (numKeys: number, ...keysAndArgs: (string | number)[]) => Promise<string[]>>;

/**
 * The server's session split for Segment messages that name no session: a visitor's events at
 * most 30 minutes apart (corrected time) share one, across requests and web processes, with
 * one script call per request. Retries are safe: a resent message joins the session it joined
 * before while the state lasts (the current or the previous session; one from further back
 * gets a session of its own), and the event's id makes any second copy a duplicate anyway.
 * Losing Redis, or a visitor silent for longer than the TTL, splits a running visit in two.
 */
export class RedisSessionSplitter implements SessionSplitter {
  private readonly ttlMs: number;
  private defined = false;

  constructor(
    private readonly redis: RedisClient,
    private readonly options: RedisSessionSplitterOptions,
  ) {
    this.ttlMs = options.ttlMs ?? SESSION_STATE_TTL_MS;
  }

  async assign(projectId: string, items: readonly Unsessioned[]): Promise<string[]> {
    if (items.length === 0) return [];
    if (!this.defined) {
      // On first use, not in the constructor: an app built only to list its routes has no Redis.
      // ioredis runs it with EVALSHA and falls back to EVAL once per connection.
      this.redis.defineCommand(COMMAND, { lua: ASSIGN_SCRIPT });
      this.defined = true;
    }
    const plan = assignmentPlan(items, (visitorId) => this.stateKey(projectId, visitorId));
    const args = plan.order.flatMap((i) => {
      const item = items[i] as Unsessioned;
      return [plan.keyIndex[i] as number, Math.round(item.at), startedSessionId(item.visitorId, item.eventId, projectId)];
    });
    const sessions = await (this.redis as unknown as AssignCommand)[COMMAND](plan.keys.length, ...plan.keys, SESSION_GAP_MS, this.ttlMs, ...args);
    const byItem: string[] = new Array<string>(items.length);
    plan.order.forEach((itemIndex, position) => {
      byItem[itemIndex] = sessions[position] as string;
    });
    return byItem;
  }

  /**
   * The Redis key of one visitor's state in one project. One script assigns the visitors of one
   * request, all of one project: on a cluster the project is the key's hash tag.
   */
  stateKey(projectId: string, visitorId: string): string {
    return `${this.options.prefix}:segment:session:${slotTag(this.redis, projectId)}:${visitorId}`;
  }
}

interface Plan {
  /** Item indexes in the order the script sees them: by time, then event id so equal times are repeatable. */
  order: number[];
  /** One Redis key per distinct visitor. */
  keys: string[];
  /** Per item, the 1-based index of its visitor's key. */
  keyIndex: number[];
}

function assignmentPlan(items: readonly Unsessioned[], keyOf: (visitorId: string) => string): Plan {
  const order = items.map((_, i) => i);
  order.sort((x, y) => {
    const a = items[x] as Unsessioned;
    const b = items[y] as Unsessioned;
    return a.at - b.at || (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0);
  });
  const keys: string[] = [];
  const indexOfVisitor = new Map<string, number>();
  const keyIndex = items.map((item) => {
    let index = indexOfVisitor.get(item.visitorId);
    if (index === undefined) {
      keys.push(keyOf(item.visitorId));
      index = keys.length;
      indexOfVisitor.set(item.visitorId, index);
    }
    return index;
  });
  return { order, keys, keyIndex };
}
