import type { Locale } from '../i18n/messages.js';
import { requesterRole, type WorkflowDefinition } from './definition-schema.js';
import { textOf } from './form-fields.js';

/** The title of a role as people read it ("Kabid PJKKD"); the requester pseudo-role is "Pemohon". */
export function roleTitle(definition: WorkflowDefinition, role: string, locale: Locale): string {
  const known = definition.roles[role];
  if (known) return textOf(known.title, locale);
  if (role === requesterRole) return locale === 'en' ? 'Requester' : 'Pemohon';
  return role;
}
