/**
 * The administrators who confirm account links (Telegram's /daftar, Slack's email match): who they
 * are, whether a person is one, and their role titles for a refusal. One home for both platforms.
 */
import type { PersonRecord } from '../service/directory.js';
import type { WorkflowService } from '../service/workflow-service.js';
import { textOf } from '../workflow/form-fields.js';

/** The holders of the administrator roles, each person once. */
export async function linkAdmins(service: WorkflowService, adminRoles: readonly string[]): Promise<PersonRecord[]> {
  const lists = await Promise.all(adminRoles.map((role) => service.directory.holdersOfRole(role)));
  return [...new Map(lists.flat().map((person) => [person.id, person])).values()];
}

export async function isLinkAdmin(service: WorkflowService, adminRoles: readonly string[], person: PersonRecord): Promise<boolean> {
  const roles = await service.directory.rolesOf(person.id);
  return roles.some((role) => adminRoles.includes(role));
}

/** The administrator roles' titles as the SOPs name them, in the organisation's language. */
export function linkAdminRoleTitles(service: WorkflowService, adminRoles: readonly string[]): string {
  return adminRoles.map((role) => {
    for (const definition of service.definitions.all()) {
      const known = definition.roles[role];
      if (known) return textOf(known.title, service.locale);
    }
    return role;
  }).join(', ');
}
