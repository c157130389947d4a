import { IsolationLevel } from '@mikro-orm/core';
import type { MikroORM } from '@mikro-orm/postgresql';
import { loadTombstones } from './tombstones.js';
import { ApiKey, type KeyKind } from '../../shared/entities/ApiKey.js';
import { Project } from '../../shared/entities/Project.js';
import { slotPropertyOf } from '../../shared/segment/slotProperty.js';

/** What the web process needs to know about a project without asking PostgreSQL per request. */
export interface CachedProject {
  readonly id: string;
  readonly name: string;
  /** IANA zone; immutable, carried in every job. */
  readonly timezone: string;
  /** Normalized origins (`https://shop.example`). */
  readonly allowedOrigins: ReadonlySet<string>;
  readonly formAllowlist: ReadonlySet<string>;
  readonly queryAllowlist: readonly string[];
  readonly currency: string;
  readonly conversionWindowDays: number;
  /** Ingest refuses events older than these (shared/events/time.ts, projectMaxAgeMs); undefined: no limit of its own. */
  readonly retentionDays?: number;
  /** Epoch ms; undefined until retention first deletes. */
  readonly rawKeptFrom?: number;
  readonly updatedAt: Date;
  /** The holdout the tracker applies (shared/holdout/bucket.ts); served by GET /v1/tracker/settings. */
  readonly holdoutPercent: number;
  readonly holdoutSalt: string;
  /** Property of Segment Video Spec messages naming the slot, the default applied (shared/segment/slotProperty.ts). */
  readonly segmentSlotProperty: string;
  /** Tombstones (`visitorHash`) of the project's erased visitors; absent when none. */
  readonly erasedVisitors?: ReadonlySet<string>;
}

export interface CachedKey {
  readonly prefix: string;
  /** SHA-256 hex of the full key; the secret itself is never held. */
  readonly hash: string;
  readonly kind: KeyKind;
  readonly projectId: string;
  /** Revoked keys stay known so that their holder gets a precise `key_revoked`. */
  readonly revoked: boolean;
  /**
   * Epoch ms at which a replaced key stops working. Compared with the clock on every lookup,
   * so the key stops in every process at that moment, whether or not a reload happened since.
   */
  readonly expiresAt: number | undefined;
}

export interface ProjectSnapshot {
  readonly projects: ReadonlyMap<string, CachedProject>;
  /** By visible prefix, which is unique across all projects. */
  readonly keys: ReadonlyMap<string, CachedKey>;
  readonly loadedAt: number;
}

export type SnapshotLoader = () => Promise<ProjectSnapshot>;

/** Reads every project and key; a self-hosted install has few, so a full reload is cheap. */
export function snapshotLoader(orm: MikroORM): SnapshotLoader {
  return async () => {
    // One snapshot for both reads: a key whose project committed between them would be unknown
    // until the next reload.
    const { projects, keys, erased } = await orm.em.fork().transactional(
      async (em) => ({
        projects: await em.find(Project, {}, { disableIdentityMap: true }),
        keys: await em.find(ApiKey, {}, { disableIdentityMap: true }),
        erased: await loadTombstones(em),
      }),
      { isolationLevel: IsolationLevel.REPEATABLE_READ, readOnly: true },
    );
    const projectMap = new Map<string, CachedProject>();
    for (const p of projects) {
      projectMap.set(p.id, {
        id: p.id,
        name: p.name,
        timezone: p.timezone,
        allowedOrigins: new Set(p.allowedOrigins.map((o) => o.toLowerCase())),
        formAllowlist: new Set(p.formAllowlist),
        queryAllowlist: [...p.queryAllowlist],
        currency: p.currency,
        conversionWindowDays: p.conversionWindowDays,
        retentionDays: p.retentionDays,
        rawKeptFrom: p.rawKeptFrom?.getTime(),
        updatedAt: p.updatedAt,
        holdoutPercent: p.holdoutPercent,
        holdoutSalt: p.holdoutSalt,
        segmentSlotProperty: slotPropertyOf(p.segmentSlotProperty),
        erasedVisitors: erased.get(p.id),
      });
    }
    const keyMap = new Map<string, CachedKey>();
    for (const k of keys) {
      keyMap.set(k.prefix, {
        prefix: k.prefix,
        hash: k.hash,
        kind: k.kind,
        projectId: k.project.id,
        revoked: k.revokedAt != null,
        expiresAt: k.expiresAt?.getTime(),
      });
    }
    return { projects: projectMap, keys: keyMap, loadedAt: Date.now() };
  };
}
