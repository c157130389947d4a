import type { DroppedPartition } from './dropPartition.js';

/** What one run deleted (or, dry, would delete) for one project, beyond whole partitions. */
export interface ProjectRetention {
  projectId: string;
  retentionDays: number;
  /** Start of the first kept local day. */
  cutoff: string;
  /** Rows of the project in whole partitions dropped plus those deleted one by one. */
  events: number;
  eventIds: number;
  plays: number;
  playMilestones: number;
  sessions: number;
  formSubmissions: number;
  formStarts: number;
  /** Video Spec bookkeeping rows (signals and derivations) of plays past the plays' horizon. */
  videoStates: number;
  durationMs: number;
}

export interface RetentionReport {
  asOf: string;
  dryRun: boolean;
  /** Only this project's rows (no partition is dropped then). */
  projectId: string | null;
  startedAt: string;
  durationMs: number;
  projects: ProjectRetention[];
  /** Whole partitions dropped (or that would be). */
  partitions: DroppedPartition[];
  deadLetters: number;
  /** Every row deleted (or that would be), all tables together; rows of whole partitions included. */
  rowsDeleted: number;
}
