import { ApiKey } from './ApiKey.js';
import { ConversionRule } from './ConversionRule.js';
import { DeadLetter } from './DeadLetter.js';
import { Project } from './Project.js';
import { Slot } from './Slot.js';
import { Video } from './Video.js';

export { ApiKey, ConversionRule, DeadLetter, Project, Slot, Video };
export const ENTITIES = [Project, ApiKey, Video, Slot, ConversionRule, DeadLetter];
