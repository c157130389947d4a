import { MINUTE_KINDS, OTHER_MEMBER } from '../../shared/realtime/keys.js';

/** Keys per minute in the script's KEYS, in MINUTE_KINDS order. */
export const KEYS_PER_MINUTE = MINUTE_KINDS.length;
/** Per minute of the seen-window: its pv, op and pl sets. */
export const SEEN_KINDS = ['pv', 'op', 'pl'] as const;

/**
 * Adds one project's share of a batch to its minute keys, atomically, in one call.
 *
 * KEYS: per minute written, its keys in MINUTE_KINDS order (v s pv op pl pg vd cap); then, per
 * minute of the seen-window (every minute a reader may sum with these), its pv op pl sets.
 * ARGV[1] most members of one set per minute; ARGV[2] most names (pages, videos) of one zset per
 * minute; ARGV[3] minutes of the seen-window; then per minute written: its EXPIREAT, then the
 * counts nv ns npv nop npl, then nv visitor ids, ns session ids, npv (event id, page key) pairs,
 * nop event ids, npl (play id, video id) pairs.
 *
 * Sets make every figure idempotent. Visitors and sessions are per minute: one active in two
 * minutes is active in both. Page views, opens and plays are summed over minutes by the reader,
 * so an id counts only if no minute of the seen-window has it yet: a redelivered event whose
 * corrected time moved into another minute (the tracker restamps sentAt on a retry), or a play
 * whose video_play comes again in a later minute, counts once, in the minute seen first. A
 * page's or video's count rises only by those new ids. Members go in with one variadic SADD per
 * set (in chunks, for Lua's stack), not one call each. A full set takes no new member and marks
 * the minute `cap`; a full zset (NAMES real names) counts a new name under OTHER_MEMBER.
 * Returns the members left out.
 */
export const WRITE_SCRIPT = `
local cap = tonumber(ARGV[1])
local names = tonumber(ARGV[2])
local seenMinutes = tonumber(ARGV[3])
local CHUNK = 1000
local dropped = 0
local a = 4
local k = 0
local written = #KEYS - 3 * seenMinutes

local function call_chunked(command, key, list)
  for i = 1, #list, CHUNK do
    redis.call(command, key, unpack(list, i, math.min(i + CHUNK - 1, #list)))
  end
end

-- The members of list in none of sets (SMISMEMBER per set, chunked).
local function fresh(sets, list)
  local out = list
  for _, set in ipairs(sets) do
    if #out == 0 then return out end
    local left = {}
    for i = 1, #out, CHUNK do
      local last = math.min(i + CHUNK - 1, #out)
      local seen = redis.call('SMISMEMBER', set, unpack(out, i, last))
      for j = i, last do
        if seen[j - i + 1] == 0 then left[#left + 1] = out[j] end
      end
    end
    out = left
  end
  return out
end

-- The seen-window's sets of one kind (1 pv, 2 op, 3 pl).
local function seenSets(kind)
  local sets = {}
  for m = 0, seenMinutes - 1 do sets[#sets + 1] = KEYS[written + m * 3 + kind] end
  return sets
end

-- Adds what fits under the cap; returns the members that were added (new ones only).
local function add(set, list, capKey, sets)
  if #list == 0 then return {} end
  local new = fresh(sets or { set }, list)
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

-- Counts the new ids per name (page or video), then one ZINCRBY per name. OTHER_MEMBER is not a
-- name: it takes none of the NAMES places.
local function bump(zset, added, nameOf)
  local counts, order = {}, {}
  for _, id in ipairs(added) do
    local name = nameOf[id]
    if counts[name] == nil then counts[name] = 0; order[#order + 1] = name end
    counts[name] = counts[name] + 1
  end
  for _, name in ipairs(order) do
    local target = name
    if not redis.call('ZSCORE', zset, name) then
      local real = redis.call('ZCARD', zset)
      if redis.call('ZSCORE', zset, '${OTHER_MEMBER}') then real = real - 1 end
      if real >= names then target = '${OTHER_MEMBER}' end
    end
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

local seenViews, seenOpens, seenPlays = seenSets(1), seenSets(2), seenSets(3)
while k < written do
  local v, s, pv, op, pl, pg, vd, capKey = KEYS[k + 1], KEYS[k + 2], KEYS[k + 3], KEYS[k + 4], KEYS[k + 5], KEYS[k + 6], KEYS[k + 7], KEYS[k + 8]
  local expireAt = ARGV[a]
  local nv, ns, npv, nop, npl = tonumber(ARGV[a + 1]), tonumber(ARGV[a + 2]), tonumber(ARGV[a + 3]), tonumber(ARGV[a + 4]), tonumber(ARGV[a + 5])
  a = a + 6
  add(v, take(nv), capKey)
  add(s, take(ns), capKey)
  local views, pageOf = takePairs(npv)
  bump(pg, add(pv, views, capKey, seenViews), pageOf)
  add(op, take(nop), capKey, seenOpens)
  local plays, videoOf = takePairs(npl)
  bump(vd, add(pl, plays, capKey, seenPlays), videoOf)
  for i = 1, ${KEYS_PER_MINUTE} do redis.call('EXPIREAT', KEYS[k + i], expireAt) end
  k = k + ${KEYS_PER_MINUTE}
end
return dropped
`;
