import type { JourneyEvent } from './types';

/** The words of a step, by key of the screen's strings. */
export interface StepTexts {
  pageView: string;
  widgetOpen: string;
  videoPlay: string;
  videoProgress: string;
  videoTime: string;
  ctaClick: string;
  detailClick: string;
  choiceClick: string;
  formSubmit: string;
  conversion: string;
  impression: string;
  pageExit: string;
  custom: string;
  other: string;
  slot: string;
  to: string;
}

/** One line of a journey's path: what happened, and the details that say where. */
export interface Step {
  id: string;
  at: string;
  /** A milestone of the path (a page, a play, a click, a form, a conversion), or background. */
  main: boolean;
  kind: string;
  what: string;
  details: string[];
}

/** Events that say little on their own; shown only on request. */
const BACKGROUND = new Set(['impression', 'video_progress', 'video_time', 'page_exit']);

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : undefined);

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}

/** A journey event as a step of its path; pure, so it is tested without a browser. */
export function stepOf(event: JourneyEvent, t: StepTexts): Step {
  const d = event.data;
  const props = typeof d.props === 'object' && d.props !== null ? (d.props as Record<string, unknown>) : {};
  const video = [event.videoTitle ?? text(d.videoId), text(d.slotId) === undefined ? undefined : `${t.slot} ${text(d.slotId)}`].filter((s) => s !== undefined);
  const base = { id: event.eventId, at: event.occurredAt, main: !BACKGROUND.has(event.type), kind: event.type };
  switch (event.type) {
    case 'page_view':
      return { ...base, what: t.pageView, details: [text(props.title), text(d.url)].filter((s) => s !== undefined) };
    case 'widget_open':
      return { ...base, what: t.widgetOpen, details: [text(d.url)].filter((s) => s !== undefined) };
    case 'impression':
      return { ...base, what: t.impression, details: [text(d.url)].filter((s) => s !== undefined) };
    case 'page_exit':
      return { ...base, what: t.pageExit, details: [text(d.url)].filter((s) => s !== undefined) };
    case 'video_play':
      return { ...base, what: t.videoPlay, details: video };
    case 'video_progress':
      return { ...base, what: fill(t.videoProgress, { percent: text(d.percent) ?? '?' }), details: video };
    case 'video_time':
      return { ...base, what: fill(t.videoTime, { seconds: text(d.seconds) ?? '?' }), details: video };
    case 'click': {
      const what = d.target === 'cta' ? t.ctaClick : d.target === 'choice' ? t.choiceClick : t.detailClick;
      const toSlot = text(d.toSlotId);
      return { ...base, what, details: [text(d.label), ...video, toSlot === undefined ? undefined : `${t.to} ${t.slot} ${toSlot}`].filter((s) => s !== undefined) };
    }
    case 'form_submit':
      return { ...base, what: t.formSubmit, details: [text(props.formId), text(props.outcome)].filter((s) => s !== undefined) };
    case 'conversion': {
      const value = text(d.value);
      const amount = value === undefined ? undefined : [value, text(d.currency)].filter((s) => s !== undefined).join(' ');
      return { ...base, what: t.conversion, details: [text(d.conversionType), amount, text(d.orderId)].filter((s) => s !== undefined) };
    }
    case 'custom':
      return { ...base, what: t.custom, details: [text(d.name)].filter((s) => s !== undefined) };
    default:
      return { ...base, what: t.other, details: [event.type] };
  }
}
