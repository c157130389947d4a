/** How many distinct keys of each kind one project-day keeps apart (worker/rollup/capsSql.ts). */
export interface DayCaps {
  videos: number;
  /** (video, slot) pairs; also bounds the distinct targets of branch choices. */
  slots: number;
  pages: number;
  /** Values of each breakdown dimension (sources, campaigns, browsers, cities …). */
  breakdownValues: number;
}

/** Far above a real catalog, far below what makes an answer heavy. */
export const DEFAULT_DAY_CAPS: Readonly<DayCaps> = Object.freeze({ videos: 1000, slots: 2000, pages: 10_000, breakdownValues: 1000 });
