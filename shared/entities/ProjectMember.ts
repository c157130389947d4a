import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Project } from './Project.js';
import { User } from './User.js';

/** From least to most: each role can do everything the ones before it can (api/auth/roles.ts). */
export const ROLES = ['viewer', 'member', 'admin', 'owner'] as const;
export type Role = (typeof ROLES)[number];

/** A user's role in one project; no row, no access (and the project is not even shown to exist). */
export const ProjectMember = defineEntity({
  name: 'ProjectMember',
  tableName: 'project_members',
  properties: {
    project: () => p.manyToOne(Project).primary().deleteRule('cascade'),
    user: () => p.manyToOne(User).primary().deleteRule('cascade').index(),
    role: p.enum([...ROLES]),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});

export type IProjectMember = InferEntity<typeof ProjectMember>;
