import { ApiKey } from './ApiKey.js';
import { ConversionRule } from './ConversionRule.js';
import { DeadLetter } from './DeadLetter.js';
import { Project } from './Project.js';
import { ProjectMember } from './ProjectMember.js';
import { Slot } from './Slot.js';
import { User } from './User.js';
import { UserSession } from './UserSession.js';
import { Video } from './Video.js';

export { ApiKey, ConversionRule, DeadLetter, Project, ProjectMember, Slot, User, UserSession, Video };
export const ENTITIES = [Project, ApiKey, Video, Slot, ConversionRule, DeadLetter, User, UserSession, ProjectMember];
