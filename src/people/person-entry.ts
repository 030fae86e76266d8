import { z } from 'zod';
import type { Locale } from '../i18n/messages.js';
import type { PersonEntry } from '../config/schema.js';
import { normalizeMobile } from './mobile.js';
import { parseNip } from './nip.js';
import { peopleMessages } from './messages.js';

/** A person ready to store: NIP as 18 digits, mobile as +62…, roles known. */
export type CheckedPerson = PersonEntry & { nip: string; mobile?: string | undefined };

export interface FieldProblem {
  field: string;
  message: string;
}

/**
 * Checks one person (from the config file or a CSV row) against the rules of the domain and the
 * roles the loaded SOPs know. Returns the normalized person or every problem with its field.
 */
export function checkPersonEntry(entry: PersonEntry, knownRoles: ReadonlySet<string>, locale: Locale): { ok: true; person: CheckedPerson } | { ok: false; problems: FieldProblem[] } {
  const text = peopleMessages(locale);
  const problems: FieldProblem[] = [];
  if (entry.name.trim() === '') problems.push({ field: 'name', message: text.nameMissing() });
  const nip = parseNip(entry.nip);
  if (!nip.ok) problems.push({ field: 'nip', message: text.nip[nip.problem]() });
  const mobile = entry.mobile ? normalizeMobile(entry.mobile) : undefined;
  if (entry.mobile && !mobile) problems.push({ field: 'mobile', message: text.mobile() });
  if (entry.email && !z.email().safeParse(entry.email).success) problems.push({ field: 'email', message: text.email() });
  for (const role of entry.roles) {
    if (!knownRoles.has(role)) problems.push({ field: 'roles', message: text.unknownRole(role, [...knownRoles].join(', ')) });
  }
  if (problems.length > 0 || !nip.ok) return { ok: false, problems };
  return { ok: true, person: { ...entry, name: entry.name.trim(), nip: nip.nip, mobile, email: entry.email?.toLowerCase() } };
}
