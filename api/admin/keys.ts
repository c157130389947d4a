import { LockMode } from '@mikro-orm/core';
import { z } from 'zod';
import { ApiKey, KEY_KINDS, type IApiKey } from '../../shared/entities/ApiKey.js';
import { generateKey } from '../../shared/keys.js';
import { HttpError } from '../http/errors.js';
import type { AdminHandler } from './context.js';
import { notFound, parseInput, parseParam } from './validation.js';

export const Kind = z.enum(KEY_KINDS);
export const Prefix = z.string().regex(/^cp[wra]_[0-9a-f]{8}$/, 'must be a key prefix like cpw_0123abcd');
export const RotateOptions = z.strictObject({
  /** Off lets a write key embedded in pages keep working until every page has the new one. */
  revokePrevious: z.boolean().default(true),
});

export function serializeKey(k: IApiKey) {
  return { prefix: k.prefix, kind: k.kind, createdAt: k.createdAt, revokedAt: k.revokedAt ?? null };
}

/** Prefixes and state only; the secrets were shown once, at creation. */
export const listKeys: AdminHandler = async (ctx) => {
  const keys = await ctx.em.find(ApiKey, { project: ctx.projectId }, { orderBy: { createdAt: 'asc', prefix: 'asc' } });
  return { status: 200, body: { keys: keys.map(serializeKey) } };
};

/** A new key of one kind, shown once; by default the previous keys of that kind stop working. */
export const rotateKey: AdminHandler = async (ctx, { params, body }) => {
  const kind = parseParam(params, 'kind', Kind);
  const options = parseInput(RotateOptions, body ?? {});
  const fresh = generateKey(kind);
  const revoked: string[] = [];
  await ctx.em.transactional(async (em) => {
    if (options.revokePrevious) {
      const previous = await em.find(ApiKey, { project: ctx.projectId, kind, revokedAt: null });
      for (const k of previous) {
        k.revokedAt = new Date();
        revoked.push(k.prefix);
      }
    }
    em.create(ApiKey, { project: ctx.projectId, kind, prefix: fresh.prefix, hash: fresh.hash, revokedAt: null });
  });
  await ctx.configChanged();
  return { status: 201, body: { kind, key: fresh.key, prefix: fresh.prefix, revoked } };
};

/** Revokes one key of this project; the last working admin key is kept so the API stays usable. */
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
      if (active.length <= 1) {
        throw new HttpError(409, 'last_admin_key', 'this is the last admin key; rotate it instead of revoking it', { field: 'prefix' });
      }
    }
    key.revokedAt = new Date();
    return true;
  });
  if (revokedNow) await ctx.configChanged();
  return { status: 204 };
};
