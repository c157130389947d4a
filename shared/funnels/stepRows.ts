import { pageKeyOf } from '../rules/compile.js';
import type { FunnelStep } from './definition.js';

/**
 * One step in the form the funnel statement reads (jsonb_to_recordset): page steps carry the
 * conversion rules' `kind` and `operand` (compile.ts), so matchSql.ts's MATCHES applies as is;
 * event steps carry the fields to compare, null meaning "any".
 */
export interface StepRow {
  idx: number;
  step_kind: 'page' | 'event';
  kind: string | null;
  operand: string | null;
  type: string | null;
  form_id: string | null;
  video_id: string | null;
  target: string | null;
  label: string | null;
  conversion_type: string | null;
  name: string | null;
}

export const STEP_ROW_COLUMNS = `idx int, step_kind text, kind text, operand text, type text, form_id text, video_id text,
  target text, label text, conversion_type text, name text`;

export function stepRows(steps: readonly FunnelStep[]): StepRow[] {
  return steps.map((step, i) => {
    const none = { type: null, form_id: null, video_id: null, target: null, label: null, conversion_type: null, name: null };
    if (step.kind === 'page') {
      // An exact step is stored only if its URL has a page key, so the fallback never matches anything.
      const operand = step.match === 'exact' ? (pageKeyOf(step.pattern) ?? '') : step.pattern;
      return { idx: i + 1, step_kind: 'page', kind: step.match, operand, ...none };
    }
    return {
      idx: i + 1,
      step_kind: 'event',
      kind: null,
      operand: null,
      type: step.type,
      form_id: step.formId ?? null,
      video_id: step.videoId ?? null,
      target: step.target ?? null,
      label: step.label ?? null,
      conversion_type: step.conversionType ?? null,
      name: step.name ?? null,
    };
  });
}
