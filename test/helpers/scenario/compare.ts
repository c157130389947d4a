import type { PagesBody, TransitionRow, VideoMetrics } from './types.js';

/**
 * Deep comparison of an expected stats body with what the API answered, listing every
 * difference by path ("totals.visitors: expected 12, got 13") instead of stopping at the first.
 * Numbers compare to 1e-6 (relative 1e-12 for large ones); a null ratio must be null.
 */
export const TOLERANCE = 1e-6;

export function close(a: number, b: number): boolean {
  return Math.abs(a - b) <= Math.max(TOLERANCE, 1e-12 * Math.max(Math.abs(a), Math.abs(b)));
}

const show = (v: unknown): string => (v === undefined ? 'undefined' : JSON.stringify(v));

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function diff(expected: unknown, actual: unknown, path: string, out: string[], options: { extraKeys?: boolean } = {}): void {
  if (typeof expected === 'number') {
    if (typeof actual !== 'number' || !close(expected, actual)) out.push(`${path}: expected ${show(expected)}, got ${show(actual)}`);
    return;
  }
  if (expected === null || typeof expected !== 'object') {
    if (expected !== actual) out.push(`${path}: expected ${show(expected)}, got ${show(actual)}`);
    return;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) {
      out.push(`${path}: expected an array, got ${show(actual)}`);
      return;
    }
    if (expected.length !== actual.length) out.push(`${path}: expected ${expected.length} entries, got ${actual.length}`);
    const n = Math.min(expected.length, actual.length);
    for (let i = 0; i < n; i++) diff(expected[i], actual[i], `${path}[${i}]`, out, { extraKeys: true });
    return;
  }
  if (!isRecord(actual)) {
    out.push(`${path}: expected an object, got ${show(actual)}`);
    return;
  }
  const exp = expected as Record<string, unknown>;
  for (const key of Object.keys(exp)) diff(exp[key], actual[key], path ? `${path}.${key}` : key, out, { extraKeys: true });
  if (options.extraKeys ?? true) {
    for (const key of Object.keys(actual)) if (!(key in exp)) out.push(`${path ? `${path}.` : ''}${key}: unexpected field ${show(actual[key])}`);
  }
}

/** Figures that sum exactly from slot to video to project (interactions do not: a project's include opens and forms). */
const ADDITIVE: readonly (keyof VideoMetrics)[] = [
  'plays',
  'reach25',
  'reach50',
  'reach75',
  'reach100',
  'watchSeconds',
  'ctaClicks',
  'detailClicks',
  'choiceClicks',
  'conversions',
  'conversionValue',
];
export { ADDITIVE };

function allZero(row: Record<string, unknown>): boolean {
  return ADDITIVE.every((k) => row[k] === 0) && row.interactions === 0 && row.viewers === 0 && row.converters === 0;
}

/**
 * Rows keyed by id; a row the API returns that the expectation lacks is accepted only when all
 * its figures are zero (a catalog video or slot without data in the range).
 */
export function diffKeyedRows(
  expected: readonly Record<string, unknown>[],
  actual: unknown,
  key: string,
  path: string,
  out: string[],
  nested?: { key: string; field: string },
): void {
  if (!Array.isArray(actual)) {
    out.push(`${path}: expected an array, got ${show(actual)}`);
    return;
  }
  const byKey = new Map<string, Record<string, unknown>>();
  for (const row of actual as unknown[]) {
    if (!isRecord(row) || typeof row[key] !== 'string') {
      out.push(`${path}: a row without ${key}: ${show(row)}`);
      continue;
    }
    if (byKey.has(row[key])) out.push(`${path}: ${key} ${row[key]} appears twice`);
    byKey.set(row[key], row);
  }
  for (const exp of expected) {
    const id = String(exp[key]);
    const got = byKey.get(id);
    const p = `${path}[${key}=${id}]`;
    if (!got) {
      out.push(`${p}: missing (expected ${show(exp)})`);
      continue;
    }
    byKey.delete(id);
    if (nested) {
      const { [nested.field]: expNested, ...expRest } = exp;
      const { [nested.field]: gotNested, ...gotRest } = got;
      diff(expRest, gotRest, p, out);
      diffKeyedRows(expNested as Record<string, unknown>[], gotNested, nested.key, `${p}.${nested.field}`, out);
    } else {
      diff(exp, got, p, out);
    }
  }
  for (const [id, row] of byKey) {
    if (!allZero(row)) out.push(`${path}[${key}=${id}]: unexpected row ${show(row)}`);
  }
}

/** Pages: the same rows (by url), sorted by opens descending, and the remainder. */
export function diffPages(expected: PagesBody, actual: unknown, out: string[]): void {
  if (!isRecord(actual)) {
    out.push(`pages body: expected an object, got ${show(actual)}`);
    return;
  }
  diffKeyedRows(expected.pages as unknown as Record<string, unknown>[], actual.pages, 'url', 'pages', out);
  if (Array.isArray(actual.pages)) {
    const opens = (actual.pages as unknown[]).map((r) => (isRecord(r) && typeof r.opens === 'number' ? r.opens : NaN));
    for (let i = 1; i < opens.length; i++) {
      if (!(opens[i - 1]! >= opens[i]!)) out.push(`pages: not sorted by opens descending at ${i} (${opens[i - 1]} then ${opens[i]})`);
    }
  }
  const rest = expected.other;
  // With nothing past the limit, an empty remainder may be null or zeros: both say "nothing else".
  if (rest.opens === 0 && (actual.other === null || (isRecord(actual.other) && actual.other.opens === 0 && actual.other.visitors === 0))) return;
  diff(rest, actual.other, 'other', out);
}

export function diffTransitions(expected: readonly TransitionRow[], actual: unknown, out: string[]): void {
  if (!isRecord(actual) || !Array.isArray(actual.transitions)) {
    out.push(`transitions: expected { transitions: [...] }, got ${show(actual)}`);
    return;
  }
  const keyed = (rows: readonly unknown[]) =>
    rows.map((r) => (isRecord(r) ? { ...r, key: `${String(r.fromSlotId)} -> ${String(r.toSlotId)}` } : { key: '?' }));
  diffKeyedRows(keyed(expected), keyed(actual.transitions as unknown[]), 'key', 'transitions', out);
}

interface ActualGoal {
  kind: string;
  goal: string;
  name: string | null;
  conversions: number;
  value: number;
  videos: { videoId: string; slotId: string; conversions: number; value: number }[];
  videosOther: { conversions: number; value: number } | null;
}

/** Goals keyed by kind and rule name or conversion type, their pairs by `<video>|<slot>` (the rest as `(rest)`). */
export function diffGoals(expected: readonly Record<string, unknown>[], actual: unknown, out: string[]): void {
  if (!isRecord(actual) || !Array.isArray(actual.goals)) {
    out.push(`goals: expected { goals: [...] }, got ${show(actual)}`);
    return;
  }
  const keyed = (actual.goals as ActualGoal[]).map((g) => ({
    key: `${g.kind}|${g.kind === 'rule' ? String(g.name) : g.goal}`,
    conversions: g.conversions,
    value: g.value,
    videos: [
      ...g.videos.map((p) => ({ pair: `${p.videoId}|${p.slotId}`, conversions: p.conversions, value: p.value })),
      ...(g.videosOther === null ? [] : [{ pair: '(rest)', ...g.videosOther }]),
    ],
  }));
  diffKeyedRows(expected, keyed, 'key', 'goals', out, { key: 'pair', field: 'videos' });
}
