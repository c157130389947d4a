import { createHash, randomBytes } from 'node:crypto';
import type pg from 'pg';
import type { Role } from './roles.js';

/** The cookie value and the CSRF token: 32 random bytes each, base64url. */
function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Only this is stored: a stolen table (or backup) signs nobody in. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A request may arrive many times a second; last_seen_at is written at most this often per session. */
const TOUCH_EVERY_MS = 60_000;

export interface NewSession {
  /** The cookie value; exists only in this answer and in the browser. */
  token: string;
  csrfToken: string;
  expiresAt: Date;
}

export interface ActiveSession {
  tokenHash: string;
  userId: string;
  email: string;
  csrfToken: string;
  /** The user's role in the project asked about; undefined when not a member (or none was asked). */
  role: Role | undefined;
}

export interface SessionLimits {
  /** The session ends after this long without a request. */
  idleMs: number;
  /** And this long after sign-in, whatever the activity. */
  maxMs: number;
}

interface SessionRow {
  token_hash: string;
  user_id: string;
  email: string;
  csrf_token: string;
  last_seen_at: Date;
  role: Role | null;
}

/**
 * Dashboard sessions in PostgreSQL, so that a sign-out or a revocation holds at once in every web
 * process. Expired rows are never honoured, and are removed when their user next signs in.
 */
export class SessionStore {
  constructor(
    private readonly pool: pg.Pool,
    private readonly limits: SessionLimits,
  ) {}

  async create(userId: string): Promise<NewSession> {
    const token = randomToken();
    const csrfToken = randomToken();
    const now = Date.now();
    const expiresAt = new Date(now + this.limits.maxMs);
    await this.pool.query(`delete from user_sessions where user_id = $1 and (expires_at <= now() or last_seen_at <= now() - $2 * interval '1 millisecond')`, [
      userId,
      this.limits.idleMs,
    ]);
    await this.pool.query(
      `insert into user_sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at) values ($1, $2, $3, now(), now(), $4)`,
      [hashToken(token), userId, csrfToken, expiresAt],
    );
    return { token, csrfToken, expiresAt };
  }

  /**
   * The live session of a cookie value, with the user's role in `projectId` when one is given, in
   * one round trip; undefined when unknown, idle too long or past its end. Marks it as seen.
   */
  async lookup(token: string, projectId?: string): Promise<ActiveSession | undefined> {
    const { rows } = await this.pool.query<SessionRow>(
      `select s.token_hash, s.user_id, u.email, s.csrf_token, s.last_seen_at, m.role
       from user_sessions s
       join users u on u.id = s.user_id
       left join project_members m on m.user_id = s.user_id and m.project_id = $2::uuid
       where s.token_hash = $1 and s.expires_at > now() and s.last_seen_at > now() - $3 * interval '1 millisecond'`,
      [hashToken(token), projectId ?? null, this.limits.idleMs],
    );
    const row = rows[0];
    if (!row) return undefined;
    if (Date.now() - row.last_seen_at.getTime() > TOUCH_EVERY_MS) await this.touch(row.token_hash);
    return { tokenHash: row.token_hash, userId: row.user_id, email: row.email, csrfToken: row.csrf_token, role: row.role ?? undefined };
  }

  async touch(tokenHash: string): Promise<void> {
    await this.pool.query(`update user_sessions set last_seen_at = now() where token_hash = $1`, [tokenHash]);
  }

  async revoke(tokenHash: string): Promise<void> {
    await this.pool.query(`delete from user_sessions where token_hash = $1`, [tokenHash]);
  }

  /** Every session of the user, but the one given (the browser that changed the password). */
  async revokeAllOfUser(userId: string, exceptTokenHash?: string): Promise<number> {
    const result = await this.pool.query(`delete from user_sessions where user_id = $1 and token_hash <> coalesce($2, '')`, [userId, exceptTokenHash ?? null]);
    return result.rowCount ?? 0;
  }
}
