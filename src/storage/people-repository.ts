import { randomUUID } from 'node:crypto';
import type { DelegationEntry } from '../config/schema.js';
import type { CheckedPerson } from '../people/person-entry.js';
import type { Actor } from '../workflow/types.js';
import type { Database } from './database.js';

export interface PersonRecord {
  id: string;
  organisationId: string;
  name: string;
  nip: string;
  mobile: string | null;
  email: string | null;
  satker: string | null;
  locale: string;
}

/** The chat platforms a person can have an account on (the terminal needs none: it plays everyone). */
export type AccountPlatform = 'telegram' | 'slack';

/** Creates the organisation if it is new; renames it if the configuration says so. */
export async function ensureOrganisation(db: Database, organisation: { id: string; name: string }): Promise<void> {
  await db.organisation.upsert({ where: { id: organisation.id }, create: organisation, update: { name: organisation.name } });
}

/**
 * Stores people by NIP (new ones created, known ones updated) and sets each one's roles to
 * exactly those listed. Delegations are kept: they are managed separately.
 */
export async function savePeople(db: Database, organisationId: string, people: CheckedPerson[]): Promise<void> {
  for (const person of people) {
    const fields = {
      name: person.name,
      mobile: person.mobile ?? null,
      email: person.email ?? null,
      satker: person.satker ?? null,
      locale: person.locale ?? 'id',
    };
    await db.$transaction(async (tx) => {
      const saved = await tx.person.upsert({
        where: { organisationId_nip: { organisationId, nip: person.nip } },
        create: { id: randomUUID(), organisationId, nip: person.nip, ...fields },
        update: fields,
      });
      await tx.roleAssignment.deleteMany({ where: { personId: saved.id, onBehalfOfId: null } });
      await tx.roleAssignment.createMany({ data: person.roles.map((role) => ({ id: randomUUID(), organisationId, role, personId: saved.id })) });
      // Accounts linked later in chat (/daftar) are kept unless the file names one.
      if (person.telegramUserId) await linkAccount(tx as unknown as Database, 'telegram', person.telegramUserId, saved.id, 'config');
      if (person.slackUserId) await linkAccount(tx as unknown as Database, 'slack', person.slackUserId, saved.id, 'config');
    });
  }
}

/** Replaces the organisation's delegations (Plh./Plt.) with the given ones; NIPs must be known. */
export async function saveDelegations(db: Database, organisationId: string, delegations: DelegationEntry[]): Promise<string[]> {
  const unknown: string[] = [];
  await db.roleAssignment.deleteMany({ where: { organisationId, onBehalfOfId: { not: null } } });
  for (const delegation of delegations) {
    const [delegate, principal] = await Promise.all([findPersonByNip(db, organisationId, delegation.delegate), findPersonByNip(db, organisationId, delegation.principal)]);
    if (!delegate || !principal) {
      unknown.push(!delegate ? delegation.delegate : delegation.principal);
      continue;
    }
    await db.roleAssignment.create({
      data: {
        id: randomUUID(),
        organisationId,
        role: delegation.role,
        personId: delegate.id,
        onBehalfOfId: principal.id,
        delegationKind: delegation.kind,
        validFrom: wibDayStart(delegation.from),
        validUntil: wibDayStart(delegation.until, 1),
      },
    });
  }
  return unknown;
}

export async function findPersonByNip(db: Database, organisationId: string, nip: string): Promise<PersonRecord | null> {
  return db.person.findUnique({ where: { organisationId_nip: { organisationId, nip: nip.replace(/[\s.]/g, '') } } });
}

export async function findPersonById(db: Database, id: string): Promise<PersonRecord | null> {
  return db.person.findUnique({ where: { id } });
}

/** The person whose staff record has this email (emails are stored in lower case), or null. */
export async function findPersonByEmail(db: Database, organisationId: string, email: string): Promise<PersonRecord | null> {
  const wanted = email.trim().toLowerCase();
  if (wanted === '') return null;
  return db.person.findFirst({ where: { organisationId, email: wanted }, orderBy: { nip: 'asc' } });
}

/** Finds people by NIP, or by a case-insensitive part of their name (for `/as` in the terminal chat). */
export async function findPeople(db: Database, organisationId: string, query: string): Promise<PersonRecord[]> {
  const byNip = await findPersonByNip(db, organisationId, query);
  if (byNip) return [byNip];
  const needle = query.trim().toLowerCase();
  if (needle === '') return [];
  const everyone = await db.person.findMany({ where: { organisationId }, orderBy: { name: 'asc' } });
  return everyone.filter((person) => person.name.toLowerCase().includes(needle));
}

/** The person behind a platform account, if it is linked. */
export async function findPersonByAccount(db: Database, platform: AccountPlatform, userId: string): Promise<PersonRecord | null> {
  const identity = await db.platformIdentity.findUnique({ where: { platform_userId: { platform, userId } } });
  return identity ? findPersonById(db, identity.personId) : null;
}

/** Where a platform reaches a person privately (their chat id, else their user id); null without an account there. */
export async function accountOf(db: Database, personId: string, platform: AccountPlatform): Promise<string | null> {
  const identity = await db.platformIdentity.findFirst({ where: { personId, platform }, orderBy: { linkedAt: 'desc' } });
  return identity ? (identity.chatId ?? identity.userId) : null;
}

/**
 * Links a platform account to a person, recording who made the link. An account belongs to one
 * person, and a person has one account per platform: older links on either side are replaced.
 */
export async function linkAccount(db: Database, platform: AccountPlatform, userId: string, personId: string, linkedBy: string, chatId?: string): Promise<void> {
  await db.platformIdentity.deleteMany({ where: { platform, personId, NOT: { userId } } });
  await db.platformIdentity.upsert({
    where: { platform_userId: { platform, userId } },
    create: { platform, userId, personId, linkedBy, chatId: chatId ?? null },
    update: { personId, linkedBy, linkedAt: new Date(), chatId: chatId ?? null },
  });
}

export async function listPeople(db: Database, organisationId: string): Promise<Array<PersonRecord & { roles: string[] }>> {
  const people = await db.person.findMany({ where: { organisationId }, orderBy: { name: 'asc' }, include: { roles: true } });
  return people.map(({ roles, ...person }) => ({ ...person, roles: roles.map((assignment) => assignment.role) }));
}

/** Everyone who may act in `role` at `at`: the holders, and delegates whose date range covers it. */
export async function holdersOfRole(db: Database, organisationId: string, role: string, at: Date): Promise<PersonRecord[]> {
  const assignments = await db.roleAssignment.findMany({ where: { organisationId, role, ...activeAt(at) }, include: { person: true } });
  const unique = new Map(assignments.map((assignment) => [assignment.person.id, assignment.person]));
  return [...unique.values()];
}

/**
 * The actor a person is when acting in `role` at `at`: as holder, or as delegate "a.n." the
 * principal. Null when they hold the role neither way.
 */
export async function resolveActor(db: Database, person: PersonRecord, role: string, at: Date): Promise<Actor | null> {
  const assignments = await db.roleAssignment.findMany({ where: { personId: person.id, role, ...activeAt(at) }, include: { onBehalfOf: true } });
  if (assignments.length === 0) return null;
  const own = assignments.find((assignment) => assignment.onBehalfOfId === null);
  const delegated = own ? undefined : assignments[0]?.onBehalfOf ?? undefined;
  return {
    personId: person.id,
    name: person.name,
    nip: person.nip,
    role,
    onBehalfOf: delegated ? { personId: delegated.id, name: delegated.name, nip: delegated.nip } : undefined,
  };
}

/** The roles a person holds at `at`, own or delegated. */
export async function rolesOf(db: Database, personId: string, at: Date): Promise<string[]> {
  const assignments = await db.roleAssignment.findMany({ where: { personId, ...activeAt(at) } });
  return [...new Set(assignments.map((assignment) => assignment.role))];
}

function activeAt(at: Date) {
  return {
    AND: [
      { OR: [{ validFrom: null }, { validFrom: { lte: at } }] },
      { OR: [{ validUntil: null }, { validUntil: { gt: at } }] },
    ],
  };
}

/** Midnight WIB of a YYYY-MM-DD date, plus `days`: a delegation "until 2026-12-05" covers that whole day. */
function wibDayStart(date: string, days = 0): Date {
  const start = new Date(`${date}T00:00:00+07:00`);
  return new Date(start.getTime() + days * 86_400_000);
}
