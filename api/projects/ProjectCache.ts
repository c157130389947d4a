import type { RedisClient } from '../../shared/queue/redisClient.js';
import type { KeyKind } from '../../shared/entities/ApiKey.js';
import { keyMatches, keyPrefix } from '../../shared/keys.js';
import type { Logger } from '../../shared/logger.js';
import { configChannel } from '../../shared/queue/configEvents.js';
import type { CachedKey, CachedProject, ProjectSnapshot, SnapshotLoader } from './snapshot.js';

export type KeyLookup =
  | { status: 'ok'; project: CachedProject; kind: KeyKind; prefix: string }
  | { status: 'unknown' }
  | { status: 'revoked' }
  | { status: 'expired'; expiredAt: Date };

export interface ProjectCacheOptions {
  /** Periodic reload, the safety net when a pub/sub message was missed. */
  reloadMs: number;
  log: Logger;
}

/**
 * Project config and key hashes in memory: every ingest request is authenticated without a
 * query, a pub/sub message makes a revocation effective within about a second in every
 * process, and a failed reload (PostgreSQL down) keeps serving the last good snapshot.
 */
export class ProjectCache {
  private snapshot: ProjectSnapshot | undefined;
  private running: Promise<boolean> | undefined;
  private queued: Promise<boolean> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;
  private closed = false;

  constructor(
    private readonly load: SnapshotLoader,
    private readonly options: ProjectCacheOptions,
  ) {}

  /** First load (throws: a process cannot serve without config), then periodic reloads. */
  async start(): Promise<void> {
    this.snapshot = await this.load();
    this.timer = setInterval(() => void this.reload(), this.options.reloadMs);
    this.timer.unref();
  }

  /**
   * Listens for config-changed messages on a connection of its own (a subscribed
   * connection can do nothing else). After a reconnect it reloads, since messages
   * published while it was away are lost.
   */
  async subscribe(subscriber: RedisClient, prefix: string): Promise<void> {
    const channel = configChannel(prefix);
    const onMessage = (ch: string) => {
      if (ch === channel) void this.reload();
    };
    const onReady = () => void this.reload();
    subscriber.on('message', onMessage);
    this.unsubscribe = () => {
      subscriber.off('message', onMessage);
      subscriber.off('ready', onReady);
    };
    await subscriber.subscribe(channel);
    subscriber.on('ready', onReady);
  }

  isLoaded(): boolean {
    return this.snapshot !== undefined;
  }

  /** Epoch ms of the snapshot in use. */
  loadedAt(): number | undefined {
    return this.snapshot?.loadedAt;
  }

  project(id: string): CachedProject | undefined {
    return this.snapshot?.projects.get(id);
  }

  /** Finds the candidate by its public prefix, then compares hashes in constant time. */
  lookupKey(presented: string): KeyLookup {
    const candidate: CachedKey | undefined = this.snapshot?.keys.get(keyPrefix(presented));
    if (!candidate || !keyMatches(presented, candidate.hash)) return { status: 'unknown' };
    if (candidate.revoked) return { status: 'revoked' };
    if (candidate.expiresAt !== undefined && candidate.expiresAt <= Date.now()) return { status: 'expired', expiredAt: new Date(candidate.expiresAt) };
    const project = this.snapshot?.projects.get(candidate.projectId);
    if (!project) return { status: 'unknown' };
    return { status: 'ok', project, kind: candidate.kind, prefix: candidate.prefix };
  }

  /**
   * Reloads now. Calls during a reload share one follow-up reload, so a change committed
   * after the running reload read the tables is never missed. Resolves false when the load
   * failed and the previous snapshot stays in use.
   */
  reload(): Promise<boolean> {
    if (this.closed) return Promise.resolve(false);
    if (!this.running) {
      this.running = this.loadOnce().finally(() => {
        this.running = undefined;
      });
      return this.running;
    }
    this.queued ??= this.running.then(() => {
      this.queued = undefined;
      return this.reload();
    });
    return this.queued;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.unsubscribe?.();
    await this.running;
  }

  private async loadOnce(): Promise<boolean> {
    try {
      this.snapshot = await this.load();
      return true;
    } catch (err) {
      this.options.log.warn({ err }, 'project config reload failed; keeping the previous snapshot');
      return false;
    }
  }
}
