import type pg from 'pg';
import { LIMITS } from '../../../shared/events/limits.js';
import { localDay } from '../../../shared/timezone.js';
import type { NormalizedEvent } from '../../normalize/types.js';
import type { DayMark, FactInput } from '../facts.js';

/**
 * Form facts (docs/architecture.md, "Forms"), kept from the batch's fresh events in the
 * writer's transaction:
 * - every form_submit becomes a `form_submissions` row (its fields, their redacted values);
 * - every (session, form) the writer has seen has one `form_starts` row: its earliest start
 *   (null until a form_start arrives; the event id breaks ties), and the first submit at or after
 *   that start, which completes the attempt.
 *
 * A start and a submit of the same attempt may come in any order and in any batches, so the
 * attempt's derived columns are recomputed from the stored rows rather than merged. For that to
 * see a concurrent writer's rows, the attempt rows are the lock, taken as facts.ts takes its
 * facts, each phase in key order: insert the missing rows (waiting for a concurrent insert of the
 * same key), lock them all FOR UPDATE (reading the start each had), then update. The second of
 * two writers of one attempt thus recomputes after the first has committed. Row locks live in the
 * rows, so a batch of thousands of attempts takes no room in the server's shared lock table.
 */

/** One field as stored: `value` only when the field was allowlisted (and then redacted). */
export interface StoredField {
  name: string;
  type: string | null;
  length: number | null;
  value?: string;
}

interface FormRow {
  row: NormalizedEvent;
  formId: string;
}

/** Every attempt of the batch gets its row (no start yet), so that there is a row to lock. */
const INSERT_ATTEMPTS_SQL = `insert into form_starts (project_id, session_id, form_id, visitor_id, is_bot)
  select * from unnest($1::uuid[], $2::uuid[], $3::text[], $4::uuid[], $5::bool[])
  order by 1, 2, 3
  on conflict do nothing`;

/** Locks the batch's attempts in key order and reads the start each had. */
const LOCK_ATTEMPTS_SQL = `select t.project_id, t.started_at
  from form_starts t join unnest($1::uuid[], $2::uuid[], $3::text[]) as k(project_id, session_id, form_id)
    on t.project_id = k.project_id and t.session_id = k.session_id and t.form_id = k.form_id
  order by t.project_id, t.session_id, t.form_id
  for update of t`;

const INSERT_SUBMISSIONS_SQL = `insert into form_submissions
    (project_id, event_id, visitor_id, session_id, form_id, page_url, submitted_at, outcome, fields, is_bot)
  select * from unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::timestamptz[], $8::text[], $9::jsonb[], $10::bool[])
  order by 1, 2
  on conflict do nothing`;

/** The batch's earliest start per attempt replaces a stored one only when earlier (time, then event id). */
const MERGE_STARTS_SQL = `update form_starts t set visitor_id = r.visitor_id, started_at = r.started_at, start_event = r.start_event, is_bot = r.is_bot
  from (
    select distinct on (project_id, session_id, form_id) project_id, session_id, form_id, visitor_id, started_at, start_event, is_bot
    from unnest($1::uuid[], $2::uuid[], $3::text[], $4::uuid[], $5::timestamptz[], $6::uuid[], $7::bool[])
      as u(project_id, session_id, form_id, visitor_id, started_at, start_event, is_bot)
    order by project_id, session_id, form_id, started_at, start_event
  ) r
  where t.project_id = r.project_id and t.session_id = r.session_id and t.form_id = r.form_id
    and (t.started_at is null or (r.started_at, r.start_event) < (t.started_at, t.start_event))`;

/** An attempt is complete at its first submit at or after its start. */
const COMPLETE_SQL = `update form_starts t set first_submit_at = (
    select min(s.submitted_at) from form_submissions s
    where s.project_id = t.project_id and s.session_id = t.session_id and s.form_id = t.form_id and s.submitted_at >= t.started_at)
  from unnest($1::uuid[], $2::uuid[], $3::text[]) as k(project_id, session_id, form_id)
  where t.project_id = k.project_id and t.session_id = k.session_id and t.form_id = k.form_id and t.started_at is not null
  returning t.project_id, t.started_at`;

/** Seconds from the session's first start of the form; null for a submit without a start before it. */
const SECONDS_SQL = `update form_submissions s set seconds_to_complete = case
    when t.started_at is not null and s.submitted_at >= t.started_at then extract(epoch from s.submitted_at - t.started_at)::float8 end
  from unnest($1::uuid[], $2::uuid[], $3::text[]) as k(project_id, session_id, form_id)
  left join form_starts t on t.project_id = k.project_id and t.session_id = k.session_id and t.form_id = k.form_id
  where s.project_id = k.project_id and s.session_id = k.session_id and s.form_id = k.form_id`;

/**
 * Stores the batch's form facts and returns the days to mark besides the events' own: the
 * start day of every attempt the batch touched (its completion may have changed) and the day
 * a start moved away from.
 */
export async function recordForms(client: pg.ClientBase, items: readonly FactInput[]): Promise<DayMark[]> {
  const zones = new Map(items.map((i) => [i.row.project_id, i.timezone]));
  const submits = formRows(items, 'form_submit');
  const starts = formRows(items, 'form_start');
  if (submits.length === 0 && starts.length === 0) return [];

  const keys = distinctKeys([...submits, ...starts]);
  const keyParams = [keys.map((k) => k.row.project_id), keys.map((k) => k.row.session_id), keys.map((k) => k.formId)];

  if (submits.length > 0) {
    const rows = submits.map((s) => s.row);
    await client.query(INSERT_SUBMISSIONS_SQL, [
      rows.map((r) => r.project_id),
      rows.map((r) => r.event_id),
      rows.map((r) => r.visitor_id),
      rows.map((r) => r.session_id),
      submits.map((s) => s.formId),
      rows.map((r) => r.url),
      rows.map((r) => r.occurred_at.toISOString()),
      rows.map((r) => boundedText(r.props?.outcome) ?? ''),
      rows.map((r) => JSON.stringify(storedFields(r.props))),
      rows.map((r) => r.is_bot),
    ]);
  }
  await client.query(INSERT_ATTEMPTS_SQL, [...keyParams, keys.map((k) => k.row.visitor_id), keys.map((k) => k.row.is_bot)]);
  const before = await client.query<{ project_id: string; started_at: Date | null }>(LOCK_ATTEMPTS_SQL, keyParams);
  if (starts.length > 0) {
    const rows = starts.map((s) => s.row);
    await client.query(MERGE_STARTS_SQL, [
      rows.map((r) => r.project_id),
      rows.map((r) => r.session_id),
      starts.map((s) => s.formId),
      rows.map((r) => r.visitor_id),
      rows.map((r) => r.occurred_at.toISOString()),
      rows.map((r) => r.event_id),
      rows.map((r) => r.is_bot),
    ]);
  }
  const after = await client.query<{ project_id: string; started_at: Date }>(COMPLETE_SQL, keyParams);
  await client.query(SECONDS_SQL, keyParams);

  const marks: DayMark[] = [];
  for (const r of [...before.rows, ...after.rows]) {
    const zone = zones.get(r.project_id);
    if (zone !== undefined && r.started_at !== null) marks.push({ projectId: r.project_id, day: localDay(r.started_at.getTime(), zone) });
  }
  return marks;
}

/** The rows of one type with a usable form id; the API has checked it, a hand-made job may not have. */
function formRows(items: readonly FactInput[], type: 'form_start' | 'form_submit'): FormRow[] {
  const out: FormRow[] = [];
  for (const { row } of items) {
    if (row.type !== type) continue;
    const formId = boundedText(row.props?.formId);
    if (formId !== undefined && formId !== '') out.push({ row, formId });
  }
  return out;
}

/** One row per attempt of the batch, in key order (the order every statement locks in). */
function distinctKeys(rows: readonly FormRow[]): FormRow[] {
  const seen = new Map<string, FormRow>();
  for (const r of rows) {
    const k = `${r.row.project_id}/${r.row.session_id}/${r.formId}`;
    if (!seen.has(k)) seen.set(k, r);
  }
  return [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => r);
}

/**
 * The submitted fields as stored: names sent alone get null type and length; a value is kept
 * only when the event still carries one (the API has dropped every value not allowlisted, and
 * redacted the rest). At most the contract's number of fields, each text within its cap.
 */
export function storedFields(props: Record<string, unknown> | null): StoredField[] {
  const fields = Array.isArray(props?.fields) ? props.fields.slice(0, LIMITS.formFields) : [];
  const values = isRecord(props?.values) ? props.values : {};
  const out: StoredField[] = [];
  for (const f of fields) {
    const field = typeof f === 'string' ? { name: f } : isRecord(f) ? f : undefined;
    const name = boundedText(field?.name);
    if (field === undefined || name === undefined) continue;
    const length = field.length;
    const stored: StoredField = {
      name,
      type: boundedText(field.type, LIMITS.formFieldTypeChars) ?? null,
      length: typeof length === 'number' && Number.isInteger(length) && length >= 0 && length <= LIMITS.maxFormValueLength ? length : null,
    };
    const value = Object.hasOwn(values, name) ? boundedText(values[name]) : undefined;
    if (value !== undefined) stored.value = value;
    out.push(stored);
  }
  // A value sent for a field the list leaves out is still the form's; it is kept beside them.
  const listed = new Set(out.map((f) => f.name));
  for (const [name, raw] of Object.entries(values)) {
    const value = boundedText(raw);
    if (out.length >= LIMITS.formFields || listed.has(name) || value === undefined || boundedText(name) !== name) continue;
    out.push({ name, type: null, length: null, value });
  }
  return out;
}

function boundedText(value: unknown, max: number = LIMITS.labelChars): string | undefined {
  if (typeof value !== 'string') return undefined;
  return value.length <= max ? value : Array.from(value).slice(0, max).join('');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
