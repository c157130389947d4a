import { z } from 'zod';
import { CatalogId } from '../../../shared/events/schema.js';
import { MemberAdd, MemberBody, MemberList, MemberPatch } from '../../accounts/schemas.js';
import { Kind as KeyKind, Prefix, RotateOptions } from '../../admin/keys.js';
import { ProjectPatch } from '../../admin/project.js';
import { Rule, RuleId, RulePatch } from '../../admin/rules.js';
import { RuleTestInput } from '../../admin/ruleTest.js';
import { SlotCreate, SlotPatch } from '../../admin/slots.js';
import { VideoCreate, VideoPatch } from '../../admin/videos.js';
import { KeyList, ProjectBody, RotatedKey, RuleBody, RuleList, RuleTestResult, SlotBody, SlotList, VideoBody, VideoList } from '../schemas.js';
import { isJson, type Json, type OpenApiBuilder, type Paths } from '../builder.js';
import { csrfParameter } from './accounts.js';
import { SESSION_SECURITY } from './security.js';

/** The admin surface: project settings, catalog, conversion rules and keys. */
export function adminPaths(b: OpenApiBuilder): Paths {
  const { component, json, errors, body, pathParam } = b;
  const paths: Paths = {};
  // Every admin route: an admin key, or a signed-in admin (or owner) naming the project.
  const admin = (operationId: string, summary: string, operation: Json, security: Json[] = [{ adminKey: [] }, SESSION_SECURITY]): Json => ({
    operationId,
    tags: ['admin'],
    summary,
    security,
    ...operation,
    parameters: [...(Array.isArray(operation.parameters) ? (operation.parameters as unknown[]) : []), csrfParameter()],
    responses: { ...(isJson(operation.responses) ? operation.responses : {}), ...errors(400, 401, 403, 404) },
  });
  const sessionOnly = [SESSION_SECURITY];
  const member = component('Member', MemberBody, 'output');
  const userId = pathParam('userId', z.uuid(), 'The member\'s user id');
  const project = component('Project', ProjectBody, 'output');
  const video = component('Video', VideoBody, 'output');
  const slot = component('Slot', SlotBody, 'output');
  const rule = component('ConversionRule', RuleBody, 'output');
  const videoId = pathParam('videoId', CatalogId, 'The operator video id');
  const slotId = pathParam('slotId', CatalogId, 'The operator slot id');
  const ruleId = pathParam('ruleId', RuleId, 'The rule id');
  const deleted = { '204': { description: 'Deleted' }, ...errors(404) };

  paths['/v1/admin/project'] = {
    get: admin('getProject', 'The project of the admin key', { responses: { '200': json('The project', project) } }),
    patch: admin('patchProject', 'Change project settings (the time zone is immutable)', {
      requestBody: body(component('ProjectPatch', ProjectPatch, 'input')),
      responses: { '200': json('The changed project', project) },
    }),
    delete: admin(
      'deleteProject',
      'Delete the project and all its data (owner, signed in): its keys stop at once; events and figures are removed after the answer',
      { responses: { '202': { description: 'Deleted; the rest of its rows go in the background' } } },
      sessionOnly,
    ),
  };
  paths['/v1/admin/members'] = {
    get: admin('listMembers', 'The project\'s members and roles (admin or owner, signed in)', { responses: { '200': json('Members', component('MemberList', MemberList, 'output')) } }, sessionOnly),
    post: admin(
      'addMember',
      'Add a member by e-mail (owner); an address without an account gets one, with `initialPassword` shown only in this answer',
      { requestBody: body(component('MemberAdd', MemberAdd, 'input')), responses: { '201': json('The member', member), ...errors(409) } },
      sessionOnly,
    ),
  };
  paths['/v1/admin/members/{userId}'] = {
    patch: admin(
      'patchMember',
      'Change a member\'s role (owner); taking the role of the last owner is 409 `last_owner`',
      { parameters: [userId], requestBody: body(component('MemberPatch', MemberPatch, 'input')), responses: { '200': json('The member', member), ...errors(409) } },
      sessionOnly,
    ),
    delete: admin('removeMember', 'Remove a member (owner); never the last owner (409 `last_owner`)', { parameters: [userId], responses: { ...deleted, ...errors(409) } }, sessionOnly),
  };
  paths['/v1/admin/videos'] = {
    post: admin('createVideo', 'Register a video', {
      requestBody: body(component('VideoCreate', VideoCreate, 'input')),
      responses: { '201': json('Created', video), ...errors(409) },
    }),
    get: admin('listVideos', 'List videos', { responses: { '200': json('Videos by id', component('VideoList', VideoList, 'output')) } }),
  };
  paths['/v1/admin/videos/{videoId}'] = {
    get: admin('getVideo', 'One video', { parameters: [videoId], responses: { '200': json('The video', video), ...errors(404) } }),
    patch: admin('patchVideo', 'Change a video (its id is immutable)', {
      parameters: [videoId],
      requestBody: body(component('VideoPatch', VideoPatch, 'input')),
      responses: { '200': json('The changed video', video), ...errors(404) },
    }),
    delete: admin('deleteVideo', 'Delete a video (its events keep counting); 409 `in_use` naming the slots that still show it', {
      parameters: [videoId],
      responses: { ...deleted, ...errors(409) },
    }),
  };
  paths['/v1/admin/slots'] = {
    post: admin('createSlot', 'Create a slot; its video and linked slots must exist (400 `unknown_reference` naming the field)', {
      requestBody: body(component('SlotCreate', SlotCreate, 'input')),
      responses: { '201': json('Created', slot), ...errors(409) },
    }),
    get: admin('listSlots', 'List slots', { responses: { '200': json('Slots by id', component('SlotList', SlotList, 'output')) } }),
  };
  paths['/v1/admin/slots/{slotId}'] = {
    get: admin('getSlot', 'One slot', { parameters: [slotId], responses: { '200': json('The slot', slot), ...errors(404) } }),
    patch: admin('patchSlot', 'Change a slot (its id is immutable)', {
      parameters: [slotId],
      requestBody: body(component('SlotPatch', SlotPatch, 'input')),
      responses: { '200': json('The changed slot', slot), ...errors(404) },
    }),
    delete: admin('deleteSlot', 'Delete a slot (its events keep counting); 409 `in_use` naming the slots that link to it', {
      parameters: [slotId],
      responses: { ...deleted, ...errors(409) },
    }),
  };
  paths['/v1/admin/conversion-rules'] = {
    post: admin('createConversionRule', 'Create a URL conversion rule', {
      requestBody: body(component('ConversionRuleCreate', Rule, 'input')),
      responses: { '201': json('Created', rule), ...errors(409) },
    }),
    get: admin('listConversionRules', 'List conversion rules', {
      responses: { '200': json('Rules by creation', component('ConversionRuleList', RuleList, 'output')) },
    }),
  };
  paths['/v1/admin/conversion-rules/test'] = {
    post: admin('testConversionRules', 'Which rules a page view of a URL matches, and the conversions it would make', {
      description:
        'Decided by the matcher the rollups use, on the URL as a page view of it is stored. Rules that rollups leave out (over the limits) are listed with the reason and never match. Changes nothing.',
      requestBody: body(component('ConversionRuleTest', RuleTestInput, 'input')),
      responses: { '200': json('Every rule with its verdict', component('ConversionRuleTestResult', RuleTestResult, 'output')) },
    }),
  };
  paths['/v1/admin/conversion-rules/{ruleId}'] = {
    get: admin('getConversionRule', 'One conversion rule', { parameters: [ruleId], responses: { '200': json('The rule', rule), ...errors(404) } }),
    patch: admin('patchConversionRule', 'Change a conversion rule (applies from the next rollup of each day)', {
      parameters: [ruleId],
      requestBody: body(component('ConversionRulePatch', RulePatch, 'input')),
      responses: { '200': json('The changed rule', rule), ...errors(404) },
    }),
    delete: admin('deleteConversionRule', 'Delete a conversion rule', { parameters: [ruleId], responses: deleted }),
  };
  paths['/v1/admin/keys'] = {
    get: admin('listKeys', 'List key prefixes and their state (never the secrets)', {
      responses: { '200': json('Keys', component('KeyList', KeyList, 'output')) },
    }),
  };
  paths['/v1/admin/keys/{kind}/rotate'] = {
    post: admin('rotateKey', 'Create a new key of one kind; the previous ones stop working at once, or after a grace period (default 7 days for write keys)', {
      parameters: [pathParam('kind', KeyKind, 'The key kind')],
      requestBody: body(component('RotateKeyOptions', RotateOptions, 'input'), false),
      responses: { '201': json('The new key, shown once', component('RotatedKey', RotatedKey, 'output')) },
    }),
  };
  paths['/v1/admin/keys/{prefix}'] = {
    delete: admin('revokeKey', 'Revoke one key at once, grace period or not (never the last admin key)', {
      parameters: [pathParam('prefix', Prefix, 'The visible key prefix')],
      responses: { '204': { description: 'Revoked' }, ...errors(404, 409) },
    }),
  };
  return paths;
}
