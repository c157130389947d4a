import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Project } from './Project.js';

/**
 * `write` is public (it ships in pages) and may only post events; `server` is its secret
 * counterpart for a shop's backend, whose events are trusted (`from_server`); `read` serves
 * stats; `admin` manages the project.
 */
export const KEY_KINDS = ['write', 'read', 'admin', 'server'] as const;
export type KeyKind = (typeof KEY_KINDS)[number];

/** Only a SHA-256 hash of the secret is stored; the prefix is what operators see and revoke by. */
export const ApiKey = defineEntity({
  name: 'ApiKey',
  tableName: 'api_keys',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    project: () => p.manyToOne(Project).deleteRule('cascade'),
    kind: p.enum([...KEY_KINDS]),
    prefix: p.string().length(32).unique(),
    hash: p.string().length(64),
    createdAt: p.datetime().onCreate(() => new Date()),
    revokedAt: p.datetime().nullable(),
    /** Set when a rotation replaced the key with a grace period: it works until then. */
    expiresAt: p.datetime().nullable(),
  },
});

export type IApiKey = InferEntity<typeof ApiKey>;
