import type { Role } from '../../api/types';

/**
 * The admin API's answers as the screens read them. They mirror the server's schemas;
 * test/browser/dashboard/adminTypes.check.ts fails to compile when the two drift apart.
 */

export type RuleKind = 'exact' | 'prefix' | 'pattern' | 'form' | 'custom' | 'click';
export type ClickTarget = 'cta' | 'detail' | 'choice';
export type KeyKind = 'write' | 'read' | 'admin' | 'server';

/** GET/PATCH /v1/admin/project */
export interface AdminProject {
  id: string;
  name: string;
  timezone: string;
  allowedOrigins: string[];
  currency: string;
  conversionWindowDays: number;
  retentionDays: number;
  rawKeptFrom: string | null;
  formAllowlist: string[];
  queryAllowlist: string[];
  serverConversionsOnly: boolean;
  holdoutPercent: number;
  /** Null: the default, `slot_id`. */
  segmentSlotProperty: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface AdminVideo {
  videoId: string;
  title: string;
  videoUrl: string | null;
  duration: number | null;
  createdAt: string;
  updatedAt: string;
}

export interface AdminSlot {
  slotId: string;
  videoId: string;
  ctaLabel: string | null;
  ctaUrl: string | null;
  detailLabel: string | null;
  detailUrl: string | null;
  links: string[];
  createdAt: string;
  updatedAt: string;
}

export interface AdminRule {
  id: string;
  name: string;
  kind: RuleKind;
  pattern: string;
  /** A form rule's outcome, or null for any. */
  outcome: string | null;
  /** A click rule's target, or null for any. */
  target: ClickTarget | null;
  /** Why rollups leave the rule out, or null when it counts. */
  ignored: string | null;
  createdAt: string;
  updatedAt: string;
}

/** POST /v1/admin/conversion-rules/test */
export interface RuleTestResult {
  /** Null when an event was tested (the dashboard tests URLs). */
  url: string | null;
  pageKey: string | null;
  rules: { id: string; name: string; kind: RuleKind; pattern: string; matches: boolean; ignored: string | null }[];
  conversions: { kind: 'rule'; goal: string; name: string }[];
  conversionWindowDays: number;
  serverConversionsOnly: boolean;
}

export interface AdminKey {
  prefix: string;
  kind: KeyKind;
  createdAt: string;
  revokedAt: string | null;
  expiresAt: string | null;
}

/** POST /v1/admin/keys/{kind}/rotate */
export interface RotatedKey {
  kind: KeyKind;
  key: string;
  prefix: string;
  revoked: string[];
  expiring: { prefix: string; expiresAt: string }[];
}

export interface Member {
  userId: string;
  email: string;
  role: Role;
  createdAt: string;
}

/** POST /v1/admin/members: `initialPassword` only when the user was created, shown this once. */
export interface AddedMember extends Member {
  initialPassword?: string;
}
