import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { ProjectMember, type IProjectMember, type Role } from '../../shared/entities/ProjectMember.js';
import { createUser, findUserByEmail, initialPassword } from '../accounts/users.js';
import { MemberAdd, MemberPatch } from '../accounts/schemas.js';
import type { Need } from '../auth/access.js';
import { HttpError } from '../http/errors.js';
import type { AdminHandler } from './context.js';
import { notFound, parseInput, parseParam } from './validation.js';

/** Seeing who has access is for admins; changing it is for owners. Signed-in users only: no key does either. */
export const MEMBERS_READ: Need = { key: undefined, role: 'admin' };
export const MEMBERS_WRITE: Need = { key: undefined, role: 'owner' };

const UserId = z.uuid();

function serializeMember(m: IProjectMember) {
  return { userId: m.user.id, email: m.user.email, role: m.role, createdAt: m.createdAt };
}

export const listMembers: AdminHandler = async (ctx) => {
  const members = await ctx.em.find(ProjectMember, { project: ctx.projectId }, { populate: ['user'], orderBy: { createdAt: 'asc', user: { email: 'asc' } } });
  return { status: 200, body: { members: members.map(serializeMember) } };
};

/**
 * Adds a user by e-mail. Someone without an account gets one, with a password shown only in
 * this answer (to pass on, and to be changed at first sign-in).
 */
export const addMember: AdminHandler = async (ctx, { body }) => {
  const { email, role } = parseInput(MemberAdd, body ?? {});
  let password: string | undefined;
  const member = await ctx.em.transactional(async (em) => {
    let user = await findUserByEmail(em, email);
    if (!user) {
      password = initialPassword();
      user = await createUser(em, email, password);
    } else if (await em.findOne(ProjectMember, { project: ctx.projectId, user: user.id })) {
      throw new HttpError(409, 'duplicate', `${email} is already a member of this project`, { field: 'email' });
    }
    const added = em.create(ProjectMember, { project: ctx.projectId, user, role });
    await em.flush();
    return added;
  });
  return { status: 201, body: { ...serializeMember(member), ...(password === undefined ? {} : { initialPassword: password }) } };
};

export const patchMember: AdminHandler = async (ctx, { params, body }) => {
  const userId = parseParam(params, 'userId', UserId);
  const { role } = parseInput(MemberPatch, body ?? {});
  const member = await ctx.em.transactional(async (em) => {
    const found = await lockedMember(em, ctx.projectId, userId);
    if (found.role === 'owner' && role !== 'owner') await keepAnOwner(em, ctx.projectId, userId);
    found.role = role;
    return found;
  });
  return { status: 200, body: serializeMember(member) };
};

export const removeMember: AdminHandler = async (ctx, { params }) => {
  const userId = parseParam(params, 'userId', UserId);
  await ctx.em.transactional(async (em) => {
    const found = await lockedMember(em, ctx.projectId, userId);
    if (found.role === 'owner') await keepAnOwner(em, ctx.projectId, userId);
    em.remove(found);
  });
  return { status: 204 };
};

async function lockedMember(em: EntityManager, projectId: string, userId: string): Promise<IProjectMember> {
  const found = await em.findOne(ProjectMember, { project: projectId, user: userId }, { populate: ['user'] });
  if (!found) throw notFound('member', userId);
  return found;
}

/**
 * Refuses to take away the last owner. The owners are locked, so two owners demoting each other
 * at once cannot both see the other one left.
 */
async function keepAnOwner(em: EntityManager, projectId: string, leaving: string): Promise<void> {
  const owners = await em.find(ProjectMember, { project: projectId, role: 'owner' satisfies Role }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!owners.some((o) => o.user.id !== leaving)) {
    throw new HttpError(409, 'last_owner', 'a project keeps at least one owner; make someone else owner first', { field: 'role' });
  }
}
