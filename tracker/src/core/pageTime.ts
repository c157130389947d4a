/**
 * One page view's visible time and deepest scroll, for its `page_exit`. Pure: the browser side
 * feeds it visibility changes, scroll depths and the clock. Time counts only while the page is
 * visible (a tab opened in the background, or left and come back to, is not being read), and
 * the page ends once: the first page hide or the next route ends it.
 */
export interface PageEnd {
  timeOnPageMs: number;
  maxScrollPercent: number;
}

export interface PageTime {
  visible(now: number): void;
  hidden(now: number): void;
  /** How far down the bottom of the viewport has been, in percent of the document. */
  scroll(percent: number): void;
  /** The page's figures the first time it ends; undefined after that. */
  end(now: number): PageEnd | undefined;
}

/** A closure rather than a class: the minifier can shorten its state, and the tracker stays under 4 KB. */
export function pageTime(now: number, visible: boolean): PageTime {
  let shownAt = visible ? now : undefined;
  let visibleMs = 0;
  let deepest = 0;
  let ended = false;
  const hidden = (t: number) => {
    if (shownAt !== undefined) visibleMs += Math.max(0, t - shownAt);
    shownAt = undefined;
  };
  return {
    visible: (t) => {
      if (!ended) shownAt ??= t;
    },
    hidden,
    scroll: (percent) => {
      deepest = Math.max(deepest, Math.min(100, percent));
    },
    end: (t) => {
      if (ended) return undefined;
      hidden(t);
      ended = true;
      return { timeOnPageMs: Math.round(visibleMs), maxScrollPercent: Math.round(deepest) };
    },
  };
}

/** The bottom of the viewport as a percent of the document's height (a page that fits is 100 % seen). */
export function scrollPercent(scrollTop: number, viewportHeight: number, documentHeight: number): number {
  if (!(documentHeight > 0)) return 100;
  return Math.max(0, Math.min(100, ((scrollTop + viewportHeight) / documentHeight) * 100));
}
