import type { ConversionRuleSpec, ScenarioEvent } from './types.js';

/**
 * Event-based conversion rules of the scenario and the oracle's own matcher for them. The
 * generator already sends newsletter form submits, quiz custom events and `Details` clicks; one
 * rule of each kind makes them goals, each deduplicated per (visitor, rule, session) exactly as
 * URL rules are. Shares no code with the rollup's SQL.
 */
export const EVENT_RULES: ConversionRuleSpec[] = [
  { name: 'newsletter signed up (form)', kind: 'form', pattern: 'newsletter', outcome: 'success' },
  { name: 'quiz answered (custom)', kind: 'custom', pattern: 'quiz_answered' },
  { name: 'details opened (click)', kind: 'click', pattern: 'Details', target: 'detail' },
  // Never matches: the generator's contact form only succeeds, and every comparison is exact.
  { name: 'contact failed (form)', kind: 'form', pattern: 'contact', outcome: 'failure' },
];

/** Exact comparisons: a form submit's form id (and outcome), a custom event's name, a click's label (and target). */
export function eventRuleMatches(rule: ConversionRuleSpec, e: ScenarioEvent): boolean {
  switch (rule.kind) {
    case 'form':
      return e.type === 'form_submit' && e.formId === rule.pattern && (rule.outcome === undefined || e.outcome === rule.outcome);
    case 'custom':
      return e.type === 'custom' && e.name === rule.pattern;
    case 'click':
      return e.type === 'click' && e.label === rule.pattern && (rule.target === undefined || e.target === rule.target);
    default:
      return false;
  }
}

/** Whether an event can be a rule's goal at all: a page view (URL rules) or what event rules match. */
export const isRuleCandidate = (e: ScenarioEvent): boolean =>
  e.type === 'page_view' || e.type === 'form_submit' || e.type === 'custom' || e.type === 'click';
