import type { ProjectMetrics, VideoMetrics } from './schemas.js';

/**
 * The metric algebra in one place: additive figures arrive summed over the range, distinct
 * figures arrive counted over the range, and ratios divide those range figures (never an
 * average of daily ratios); a ratio with a zero denominator is null.
 */

/** Additive figures of a video or slot (`daily_slot`), summed over a range. */
export interface SlotSums {
  plays: number;
  reach25: number;
  reach50: number;
  reach75: number;
  reach100: number;
  watchSeconds: number;
  ctaClicks: number;
  detailClicks: number;
  choiceClicks: number;
  conversions: number;
  conversionValue: number;
}

/** Additive figures of the project (`daily_project`), summed over a range. */
export interface ProjectSums extends SlotSums {
  impressions: number;
  opens: number;
}

/** Distinct counts of the project over a range (or one day). */
export interface ProjectDistincts {
  visitors: number;
  sessions: number;
  viewers: number;
}

export const ZERO_SLOT_SUMS: Readonly<SlotSums> = Object.freeze({
  plays: 0,
  reach25: 0,
  reach50: 0,
  reach75: 0,
  reach100: 0,
  watchSeconds: 0,
  ctaClicks: 0,
  detailClicks: 0,
  choiceClicks: 0,
  conversions: 0,
  conversionValue: 0,
});

export const ZERO_PROJECT_SUMS: Readonly<ProjectSums> = Object.freeze({ ...ZERO_SLOT_SUMS, impressions: 0, opens: 0 });
export const ZERO_DISTINCTS: Readonly<ProjectDistincts> = Object.freeze({ visitors: 0, sessions: 0, viewers: 0 });

export function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

/** The ratios every level shares; the project adds playRate, which needs opens. */
function rangeRatios(sums: SlotSums, viewers: number): Pick<VideoMetrics, 'completionRate' | 'ctr' | 'cvr' | 'avgWatchSeconds'> {
  return {
    completionRate: ratio(sums.reach100, sums.plays),
    ctr: ratio(sums.ctaClicks, sums.plays),
    cvr: ratio(sums.conversions, viewers),
    avgWatchSeconds: ratio(sums.watchSeconds, sums.plays),
  };
}

export function videoMetrics(sums: SlotSums, viewers: number): VideoMetrics {
  return {
    plays: sums.plays,
    viewers,
    reach25: sums.reach25,
    reach50: sums.reach50,
    reach75: sums.reach75,
    reach100: sums.reach100,
    watchSeconds: sums.watchSeconds,
    ctaClicks: sums.ctaClicks,
    detailClicks: sums.detailClicks,
    choiceClicks: sums.choiceClicks,
    conversions: sums.conversions,
    conversionValue: sums.conversionValue,
    ...rangeRatios(sums, viewers),
  };
}

export function projectMetrics(sums: ProjectSums, distincts: ProjectDistincts, otherCurrencies: Record<string, number>): ProjectMetrics {
  return {
    impressions: sums.impressions,
    opens: sums.opens,
    visitors: distincts.visitors,
    sessions: distincts.sessions,
    plays: sums.plays,
    viewers: distincts.viewers,
    reach25: sums.reach25,
    reach50: sums.reach50,
    reach75: sums.reach75,
    reach100: sums.reach100,
    watchSeconds: sums.watchSeconds,
    ctaClicks: sums.ctaClicks,
    detailClicks: sums.detailClicks,
    choiceClicks: sums.choiceClicks,
    conversions: sums.conversions,
    conversionValue: sums.conversionValue,
    otherCurrencies,
    playRate: ratio(sums.plays, sums.opens),
    ...rangeRatios(sums, distincts.viewers),
  };
}
