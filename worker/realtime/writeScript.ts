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
 * video's count rises only when its event (or play) id was new to the minute, so a job run
 * twice, or an event sent twice, counts once. A full set takes no new member and marks the
 * minute `cap`; a full zset counts a new name under OTHER_MEMBER. Returns the members left out.
 */
export const WRITE_SCRIPT = `
local cap = tonumber(ARGV[1])
local names = tonumber(ARGV[2])
local dropped = 0
local a = 3
local k = 0
local function add(set, member, capKey)
  if redis.call('SCARD', set) < cap then return redis.call('SADD', set, member) end
  if redis.call('SISMEMBER', set, member) == 0 then
    redis.call('SET', capKey, '1')
    dropped = dropped + 1
  end
  return 0
end
local function bump(zset, name)
  if not redis.call('ZSCORE', zset, name) and redis.call('ZCARD', zset) >= names then name = '${OTHER_MEMBER}' end
  redis.call('ZINCRBY', zset, 1, name)
end
while k < #KEYS do
  local v, s, pv, op, pl, pg, vd, capKey = KEYS[k + 1], KEYS[k + 2], KEYS[k + 3], KEYS[k + 4], KEYS[k + 5], KEYS[k + 6], KEYS[k + 7], KEYS[k + 8]
  local expireAt = ARGV[a]
  local nv, ns, npv, nop, npl = tonumber(ARGV[a + 1]), tonumber(ARGV[a + 2]), tonumber(ARGV[a + 3]), tonumber(ARGV[a + 4]), tonumber(ARGV[a + 5])
  a = a + 6
  for _ = 1, nv do add(v, ARGV[a], capKey); a = a + 1 end
  for _ = 1, ns do add(s, ARGV[a], capKey); a = a + 1 end
  for _ = 1, npv do
    if add(pv, ARGV[a], capKey) == 1 then bump(pg, ARGV[a + 1]) end
    a = a + 2
  end
  for _ = 1, nop do add(op, ARGV[a], capKey); a = a + 1 end
  for _ = 1, npl do
    if add(pl, ARGV[a], capKey) == 1 then bump(vd, ARGV[a + 1]) end
    a = a + 2
  end
  for i = 1, ${KEYS_PER_MINUTE} do redis.call('EXPIREAT', KEYS[k + i], expireAt) end
  k = k + ${KEYS_PER_MINUTE}
end
return dropped
`;
