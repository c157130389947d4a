import type { EntityManager } from '@mikro-orm/postgresql';
import { ApiKey } from '../entities/ApiKey.js';
import { Project } from '../entities/Project.js';
import { generateKey } from '../keys.js';
import { isValidTimeZone } from '../timezone.js';

export interface CreateProjectInput {
  name: string;
  timezone: string;
  allowedOrigins?: string[];
  currency?: string;
}

export interface CreatedProject {
  projectId: string;
  writeKey: string;
  readKey: string;
  adminKey: string;
  /** Secret: for the shop's backend only, never for a page. */
  serverKey: string;
}

export class InvalidProjectInput extends Error {}

/** Creates a project with one key of each kind; the secrets are returned once and stored hashed. */
export async function createProject(em: EntityManager, input: CreateProjectInput): Promise<CreatedProject> {
  if (!input.name.trim()) throw new InvalidProjectInput('name must not be empty');
  if (!isValidTimeZone(input.timezone)) throw new InvalidProjectInput(`unknown IANA time zone: ${input.timezone}`);
  const currency = (input.currency ?? 'USD').toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency)) throw new InvalidProjectInput(`currency must be an ISO 4217 code: ${currency}`);
  const origins = (input.allowedOrigins ?? []).map(normalizeOrigin);

  const project = em.create(Project, { name: input.name.trim(), timezone: input.timezone, currency, allowedOrigins: origins });
  const write = generateKey('write');
  const read = generateKey('read');
  const admin = generateKey('admin');
  const server = generateKey('server');
  for (const [kind, k] of [['write', write], ['read', read], ['admin', admin], ['server', server]] as const) {
    em.create(ApiKey, { project, kind, prefix: k.prefix, hash: k.hash });
  }
  await em.flush();
  return { projectId: project.id, writeKey: write.key, readKey: read.key, adminKey: admin.key, serverKey: server.key };
}

/** `https://Shop.example/` → `https://shop.example`; throws on anything that is not an origin. */
export function normalizeOrigin(value: string): string {
  if (!URL.canParse(value)) throw new InvalidProjectInput(`not an origin: ${value}`);
  const url = new URL(value);
  if (!/^https?:$/.test(url.protocol)) throw new InvalidProjectInput(`origin must be http(s): ${value}`);
  return url.origin;
}
