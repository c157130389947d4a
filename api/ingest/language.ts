/**
 * The primary language of an Accept-Language header: the primary subtag of its most preferred
 * range, lowercased (`de-CH, de;q=0.9` → `de`). Null when there is none, when the most preferred
 * is `*`, or when the subtag is not two or three letters (an ISO 639 code).
 */
export function primaryLanguage(header: string | undefined): string | null {
  if (header === undefined) return null;
  let best: { tag: string; q: number } | undefined;
  // Bounded: a header of hundreds of ranges says nothing more than its first few.
  for (const part of header.split(',', 32)) {
    const [range = '', ...params] = part.split(';');
    const tag = range.trim();
    if (tag === '') continue;
    const q = quality(params);
    if (q > 0 && (best === undefined || q > best.q)) best = { tag, q };
  }
  if (best === undefined) return null;
  const primary = (best.tag.split('-')[0] ?? '').toLowerCase();
  return /^[a-z]{2,3}$/.test(primary) ? primary : null;
}

/** A range's weight; a missing or malformed `q` counts as 1, as browsers send it. */
function quality(params: string[]): number {
  for (const param of params) {
    const match = /^\s*q\s*=\s*([0-9.]+)\s*$/i.exec(param);
    if (match) {
      const q = Number(match[1]);
      return Number.isFinite(q) ? Math.min(q, 1) : 1;
    }
  }
  return 1;
}
