import { MINUTE_KINDS } from '../../../shared/realtime/keys.js';

const PER_MINUTE = MINUTE_KINDS.length;

/**
 * Reads one project's realtime figures in one call, from its minute keys only.
 *
 * KEYS: per minute of the window, oldest first, its keys in MINUTE_KINDS order
 * (v s pv op pl pg vd cap); then two scratch keys of the project (a set and a zset), deleted
 * before the script ends. ARGV[1]: minutes of the short span (the newest ones); ARGV[2]: the
 * rows a top list needs.
 *
 * Distinct visitors and sessions over a span are a SUNIONSTORE of its minutes' sets, counted
 * inside Redis: no member leaves the server. A top list is the names scoring above the cut (the
 * ARGV[2]th score), then the first ARGV[2] names at the cut score by name: ties are ordered by
 * name in Redis, so a list of many equal names never comes back cut at random. Returns
 * { {v short, v all, s short, s all}, {pv, op, pl, cap} per minute, {pages...}, pages distinct,
 *   {videos...}, videos distinct }, where a top list is name, score pairs.
 */
export const READ_SCRIPT = `
local short = tonumber(ARGV[1])
local want = tonumber(ARGV[2])
local scratchSet, scratchZset = KEYS[#KEYS - 1], KEYS[#KEYS]
local minutes = (#KEYS - 2) / ${PER_MINUTE}
local function kind(i, m) return KEYS[(m - 1) * ${PER_MINUTE} + i] end
local function distinct(i, from)
  local keys = {}
  for m = from, minutes do keys[#keys + 1] = kind(i, m) end
  redis.call('SUNIONSTORE', scratchSet, unpack(keys))
  local n = redis.call('SCARD', scratchSet)
  redis.call('DEL', scratchSet)
  return n
end
local function top(i)
  local keys = {}
  for m = 1, minutes do keys[#keys + 1] = kind(i, m) end
  redis.call('ZUNIONSTORE', scratchZset, #keys, unpack(keys))
  local n = redis.call('ZCARD', scratchZset)
  local rows
  local cut = redis.call('ZREVRANGE', scratchZset, want - 1, want - 1, 'WITHSCORES')[2]
  if cut == nil then
    rows = redis.call('ZREVRANGE', scratchZset, 0, -1, 'WITHSCORES')
  else
    rows = redis.call('ZREVRANGEBYSCORE', scratchZset, '+inf', '(' .. cut, 'WITHSCORES')
    local ties = redis.call('ZRANGEBYSCORE', scratchZset, cut, cut, 'WITHSCORES', 'LIMIT', 0, want)
    for _, x in ipairs(ties) do rows[#rows + 1] = x end
  end
  redis.call('DEL', scratchZset)
  return rows, n
end
local first = minutes - short + 1
local active = { distinct(1, first), distinct(1, 1), distinct(2, first), distinct(2, 1) }
local perMinute = {}
for m = 1, minutes do
  perMinute[#perMinute + 1] = redis.call('SCARD', kind(3, m))
  perMinute[#perMinute + 1] = redis.call('SCARD', kind(4, m))
  perMinute[#perMinute + 1] = redis.call('SCARD', kind(5, m))
  perMinute[#perMinute + 1] = redis.call('EXISTS', kind(8, m))
end
local pages, pageCount = top(6)
local videos, videoCount = top(7)
return { active, perMinute, pages, pageCount, videos, videoCount }
`;
