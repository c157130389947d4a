import { MINUTE_KINDS, OTHER_MEMBER } from '../../shared/realtime/keys.js';

/** Keys per minute in the script's KEYS, in MINUTE_KINDS order. */
export const KEYS_PER_MINUTE = MINUTE_KINDS.length;

/**
 * Adds one project's share of a batch to its minute keys, atomically, in one call.
 *
 * KEYS: per minute, its keys in MINUTE_KINDS order (v s pv op pl pg vd cap).
 * ARGV[1] most members of one set per minute; ARGV[2] most names (pages, videos) of one zset per
 * minute; then per minute: its EXPIREAT, then the counts nv ns npv nop npl, then nv visitor ids,
 * ns session ids, npv (event id, page key) pairs, nop event ids, npl (play id, video id) pairs.
 *
 * Sets make every figure idempotent: a member added again changes nothing, and a page's or
 * video's count rises only by the event (or play) ids that were new to the minute, so a job run
 * twice, or an event sent twice, counts once. Members go in with one variadic SADD per set (in
 * chunks, for Lua's stack), not one call each: a batch of thousands costs a few dozen calls. A
 * full set takes no new member and marks the minute `cap`; a full zset counts a new name under
 * OTHER_MEMBER. Returns the members left out.
 */
export const WRITE_SCRIPT = `
local cap = tonumber(ARGV[1])
local names = tonumber(ARGV[2])
local CHUNK = 1000
local dropped = 0
local a = 3
local k = 0

local function call_chunked(command, key, list)
  for i = 1, #list, CHUNK do
    redis.call(command, key, unpack(list, i, math.min(i + CHUNK - 1, #list)))
  end
end

-- The members of list not yet in set, in order (SMISMEMBER, chunked).
local function fresh(set, list)
  local out = {}
  for i = 1, #list, CHUNK do
    local last = math.min(i + CHUNK - 1, #list)
    local seen = redis.call('SMISMEMBER', set, unpack(list, i, last))
    for j = i, last do
      if seen[j - i + 1] == 0 then out[#out + 1] = list[j] end
    end
  end
  return out
end

-- Adds what fits under the cap; returns the positions in list that were added (new members only).
local function add(set, list, capKey)
  if #list == 0 then return {} end
  local new = fresh(set, list)
  local room = cap - redis.call('SCARD', set)
  if #new > room then
    dropped = dropped + #new - math.max(room, 0)
    redis.call('SET', capKey, '1')
    local kept = {}
    for i = 1, math.max(room, 0) do kept[i] = new[i] end
    new = kept
  end
  if #new > 0 then call_chunked('SADD', set, new) end
  return new
end

-- Counts the new ids per name (page or video), then one ZINCRBY per name.
local function bump(zset, added, nameOf)
  local counts, order = {}, {}
  for _, id in ipairs(added) do
    local name = nameOf[id]
    if counts[name] == nil then counts[name] = 0; order[#order + 1] = name end
    counts[name] = counts[name] + 1
  end
  for _, name in ipairs(order) do
    local target = name
    if not redis.call('ZSCORE', zset, name) and redis.call('ZCARD', zset) >= names then target = '${OTHER_MEMBER}' end
    redis.call('ZINCRBY', zset, counts[name], target)
  end
end

local function take(n)
  local list = {}
  for i = 1, n do list[i] = ARGV[a]; a = a + 1 end
  return list
end

local function takePairs(n)
  local list, nameOf = {}, {}
  for i = 1, n do
    list[i] = ARGV[a]
    nameOf[ARGV[a]] = ARGV[a + 1]
    a = a + 2
  end
  return list, nameOf
end

while k < #KEYS do
  local v, s, pv, op, pl, pg, vd, capKey = KEYS[k + 1], KEYS[k + 2], KEYS[k + 3], KEYS[k + 4], KEYS[k + 5], KEYS[k + 6], KEYS[k + 7], KEYS[k + 8]
  local expireAt = ARGV[a]
  local nv, ns, npv, nop, npl = tonumber(ARGV[a + 1]), tonumber(ARGV[a + 2]), tonumber(ARGV[a + 3]), tonumber(ARGV[a + 4]), tonumber(ARGV[a + 5])
  a = a + 6
  add(v, take(nv), capKey)
  add(s, take(ns), capKey)
  local views, pageOf = takePairs(npv)
  bump(pg, add(pv, views, capKey), pageOf)
  add(op, take(nop), capKey)
  local plays, videoOf = takePairs(npl)
  bump(vd, add(pl, plays, capKey), videoOf)
  for i = 1, ${KEYS_PER_MINUTE} do redis.call('EXPIREAT', KEYS[k + i], expireAt) end
  k = k + ${KEYS_PER_MINUTE}
end
return dropped
`;
