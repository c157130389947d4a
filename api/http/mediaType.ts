import type { IncomingHttpHeaders } from 'node:http';
import { HttpError } from './errors.js';

/** The bare media type of a Content-Type header, lowercased, without parameters. */
export function mediaTypeOf(contentType: string | undefined): string | undefined {
  if (contentType === undefined) return undefined;
  const bare = contentType.split(';', 1)[0]?.trim().toLowerCase();
  return bare === '' ? undefined : bare;
}

function charsetOf(contentType: string): string | undefined {
  const match = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType);
  return match?.[1]?.toLowerCase();
}

/** Refuses a body declared in any charset but UTF-8; a Content-Type naming none is UTF-8. */
export function requireUtf8(contentType: string | undefined): void {
  const charset = contentType === undefined ? undefined : charsetOf(contentType);
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    throw new HttpError(415, 'unsupported_charset', 'the body must be UTF-8', { field: 'content-type' });
  }
}

/**
 * Accepts only the given media types, only UTF-8, and no Content-Encoding (a compressed body
 * would slip past the byte limit). Everything else is a 415 naming the header.
 */
export function requireMediaType(headers: IncomingHttpHeaders, accepted: readonly string[]): string {
  const contentType = headers['content-type'];
  const type = mediaTypeOf(contentType);
  if (type === undefined || !accepted.includes(type)) {
    throw new HttpError(415, 'unsupported_media_type', `Content-Type must be one of ${accepted.join(', ')}`, {
      field: 'content-type',
    });
  }
  requireUtf8(contentType);
  const encoding = headers['content-encoding']?.trim().toLowerCase();
  if (encoding !== undefined && encoding !== '' && encoding !== 'identity') {
    throw new HttpError(415, 'unsupported_encoding', 'Content-Encoding is not supported; send the body uncompressed', {
      field: 'content-encoding',
    });
  }
  return type;
}
