import { LockMode } from '@mikro-orm/core';
import { z } from 'zod';
import { ApiKey, KEY_KINDS, type IApiKey, type KeyKind } from '../../shared/entities/ApiKey.js';
import { generateKey } from '../../shared/keys.js';
import { HttpError } from '../http/errors.js';
import type { AdminHandler } from './context.js';
import { notFound, parseInput, parseParam } from './validation.js';

const MS_PER_DAY = 86_400_000;
/** Long enough for any page cache or CDN to let go of the old key; beyond that it is a second key. */
const MAX_GRACE_DAYS = 90;

/**
 * How long a replaced key keeps working by default. The write key sits in pages and caches that
 * cannot all change at once; the secret kinds are usually rotated because they leaked.
 */
const DEFAULT_GRACE_DAYS: Record<KeyKind, number> = { write: 7, read: 0, admin: 0, server: 0 };

export const Kind = z.enum(KEY_KINDS);
export const Prefix = z.string().regex(/^cp[wras]_[0-9a-f]{8}$/, 'must be a key prefix like cpw_0123abcd');
export const RotateOptions = z.strictObject({
  /** Off keeps the previous keys working with no end: two keys of the kind, until one is revoked. */
  revokePrevious: z.boolean().default(true),
  /** Days the previous keys keep working; 0 stops them at once. Default: 7 for write keys, else 0. */
  graceDays: z.number().int().min(0).max(MAX_GRACE_DAYS).optional(),
});

export function serializeKey(k: IApiKey) {
  return { prefix: k.prefix, kind: k.kind, createdAt: k.createdAt, revokedAt: k.revokedAt ?? null, expiresAt: k.expiresAt ?? null };
}

/** Prefixes and state only; the secrets were shown once, at creation. */
export const listKeys: AdminHandler = async (ctx) => {
  const keys = await ctx.em.find(ApiKey, { project: ctx.projectId }, { orderBy: { createdAt: 'asc', prefix: 'asc' } });
  return { status: 200, body: { keys: keys.map(serializeKey) } };
};

/**
 * A new key of one kind, shown once. The previous keys of that kind stop working at once, or at
 * the end of a grace period (a key already on its way out keeps the earlier of its two ends).
 */
export const rotateKey: AdminHandler = async (ctx, { params, body }) => {
  const kind = parseParam(params, 'kind', Kind);
  const options = parseInput(RotateOptions, body ?? {});
  if (!options.revokePrevious && options.graceDays !== undefined) {
    throw new HttpError(400, 'invalid_field', 'graceDays applies only when the previous keys are revoked (revokePrevious: true)', { field: 'graceDays' });
  }
  const graceDays = options.graceDays ?? DEFAULT_GRACE_DAYS[kind];
  const fresh = generateKey(kind);
  const revoked: string[] = [];
  const expiring: { prefix: string; expiresAt: Date }[] = [];
  await ctx.em.transactional(async (em) => {
    const now = new Date();
    const end = new Date(now.getTime() + graceDays * MS_PER_DAY);
    const previous = options.revokePrevious ? await em.find(ApiKey, { project: ctx.projectId, kind, revokedAt: null }, { orderBy: { prefix: 'asc' } }) : [];
    for (const k of previous) {
      if (k.expiresAt != null && k.expiresAt <= now) continue;
      if (graceDays === 0) {
        k.revokedAt = now;
        revoked.push(k.prefix);
      } else {
        if (k.expiresAt == null || k.expiresAt > end) k.expiresAt = end;
        expiring.push({ prefix: k.prefix, expiresAt: k.expiresAt });
      }
    }
    em.create(ApiKey, { project: ctx.projectId, kind, prefix: fresh.prefix, hash: fresh.hash, revokedAt: null, expiresAt: null });
  });
  await ctx.configChanged();
  return { status: 201, body: { kind, key: fresh.key, prefix: fresh.prefix, revoked, expiring } };
};

/**
 * Revokes one key of this project at once, grace period or not. The last admin key that is not
 * on its way out is kept, so the API stays usable.
 */
export const revokeKey: AdminHandler = async (ctx, { params }) => {
  const prefix = parseParam(params, 'prefix', Prefix);
  const revokedNow = await ctx.em.transactional(async (em) => {
    const key = await em.findOne(ApiKey, { project: ctx.projectId, prefix });
    if (!key) throw notFound('key', prefix);
    if (key.revokedAt != null) return false;
    if (key.kind === 'admin') {
      // Locked, so two concurrent revocations cannot both see another admin key left.
      const active = await em.find(
        ApiKey,
        { project: ctx.projectId, kind: 'admin', revokedAt: null },
        { lockMode: LockMode.PESSIMISTIC_WRITE, orderBy: { prefix: 'asc' } },
      );
      if (!active.some((k) => k.prefix !== prefix && k.expiresAt == null)) {
        throw new HttpError(409, 'last_admin_key', 'this is the last admin key; rotate it instead of revoking it', { field: 'prefix' });
      }
    }
    key.revokedAt = new Date();
    return true;
  });
  if (revokedNow) await ctx.configChanged();
  return { status: 204 };
};
