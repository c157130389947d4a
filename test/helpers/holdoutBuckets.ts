/**
 * The pinned values: FNV-1a-32 of salt + visitor id, mod 100. The tracker's own copy
 * (test/unit/tracker/holdout.test.ts) and the SQL function (test/integration/stats/
 * upliftHoldout.test.ts) are held to the same table.
 */
export const PINNED_BUCKETS: readonly [salt: string, visitorId: string, bucket: number][] = [
  // FNV-1a-32 of the 52 characters is 2082709277, 3455106544, 1606418275.
  ['0123456789abcdef', '00000000-0000-4000-8000-000000000000', 77],
  ['0123456789abcdef', '6f1c2b3a-9d4e-4f5a-8b6c-7d8e9f0a1b2c', 44],
  ['0123456789abcdef', 'ffffffff-ffff-4fff-bfff-ffffffffffff', 75],
  ['0123456789abcdef', '00000000-0000-4000-8000-000000000004', 1],
  ['0123456789abcdef', '00000000-0000-4000-8000-000000000021', 0],
];
