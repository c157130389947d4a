/**
 * Compile-time only: the admin screens' mirrored response types must accept what the server's
 * schemas produce (`npm run lint` type-checks this file), so a renamed or retyped field fails
 * here instead of showing an empty form.
 */
import type { z } from 'zod';
import type { MemberBody, MemberList } from '../../../api/accounts/schemas.js';
import type { KeyList, ProjectBody, RotatedKey, RuleList, RuleTestResult, SlotList, VideoList } from '../../../api/openapi/schemas.js';
import type * as Web from '../../../web/src/screens/admin/types.js';

type Assert<T extends true> = T;
type Accepts<WebShape, Server> = [Server] extends [WebShape] ? true : false;
type Out<S extends z.ZodType> = z.output<S>;

export type AdminShapesAccepted = [
  Assert<Accepts<Web.AdminProject, Out<typeof ProjectBody>>>,
  Assert<Accepts<{ videos: Web.AdminVideo[] }, Out<typeof VideoList>>>,
  Assert<Accepts<{ slots: Web.AdminSlot[] }, Out<typeof SlotList>>>,
  Assert<Accepts<{ rules: Web.AdminRule[] }, Out<typeof RuleList>>>,
  Assert<Accepts<Web.RuleTestResult, Out<typeof RuleTestResult>>>,
  Assert<Accepts<{ keys: Web.AdminKey[] }, Out<typeof KeyList>>>,
  Assert<Accepts<Web.RotatedKey, Out<typeof RotatedKey>>>,
  Assert<Accepts<{ members: Web.Member[] }, Out<typeof MemberList>>>,
  Assert<Accepts<Web.AddedMember, Out<typeof MemberBody>>>,
];
