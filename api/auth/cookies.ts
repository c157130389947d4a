import type { Request, Response } from 'express';

export const SESSION_COOKIE = 'cuepoint_session';

/**
 * HttpOnly (no script reads it), SameSite=Lax (no cross-site POST carries it), and Secure when
 * the request came over HTTPS, as seen through TRUST_PROXY_HOPS: a plain-HTTP local run still
 * signs in, and a deployment behind TLS never sends the cookie in the clear.
 */
export function setSessionCookie(req: Request, res: Response, token: string, expiresAt: Date): void {
  res.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/', expires: expiresAt });
}

export function clearSessionCookie(req: Request, res: Response): void {
  res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/' });
}

/** The session cookie's value, or undefined. A repeated cookie counts by its first value. */
export function sessionCookie(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== SESSION_COOKIE) continue;
    const value = part.slice(eq + 1).trim();
    // Our tokens are base64url; anything else cannot be one of ours.
    return /^[A-Za-z0-9_-]{1,128}$/.test(value) ? value : undefined;
  }
  return undefined;
}

/** The Set-Cookie value that deletes the session cookie, for answers built without a Response (errors). */
export function expiredSessionCookie(secure: boolean): string {
  return `${SESSION_COOKIE}=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
}
