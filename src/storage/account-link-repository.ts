import type { Database } from './database.js';
import { linkAccount, type AccountPlatform } from './people-repository.js';

/** What happened to an account link: asked for, approved, rejected, or a confirmation refused. */
export type AccountLinkAction = 'requested' | 'approved' | 'rejected' | 'refused';

/** How the account was matched to the person: a NIP the person typed, or the account's email. */
export type AccountLinkVia = 'nip' | 'email';

/** One entry of the account-link audit trail. */
export interface AccountLinkEntry {
  platform: AccountPlatform;
  userId: string;
  personId: string | null;
  action: AccountLinkAction;
  via: AccountLinkVia;
  actorName: string | null;
  actorNip: string | null;
  /** The account's name and email, or why a confirmation was refused (plain text). */
  detail: string | null;
  at: Date;
}

/** Appends an entry to the account-link trail. */
export async function recordLinkEvent(db: Database, entry: AccountLinkEntry): Promise<void> {
  await db.accountLinkEvent.create({ data: entry });
}

/**
 * An administrator's approval: the platform identity (with `linkedBy` naming them) and its trail
 * entry are written in one transaction, so a link never exists without its record.
 */
export async function confirmLink(db: Database, entry: AccountLinkEntry & { personId: string; actorName: string; actorNip: string }): Promise<void> {
  await db.$transaction(async (tx) => {
    await linkAccount(tx as unknown as Database, entry.platform, entry.userId, entry.personId, `${entry.actorName} (${entry.actorNip})`);
    await tx.accountLinkEvent.create({ data: entry });
  });
}

/** The trail, newest first: of one account, or of every account on a platform. */
export async function listLinkEvents(db: Database, filter: { platform?: AccountPlatform | undefined; userId?: string | undefined; take?: number | undefined } = {}): Promise<AccountLinkEntry[]> {
  const rows = await db.accountLinkEvent.findMany({
    where: { ...(filter.platform ? { platform: filter.platform } : {}), ...(filter.userId ? { userId: filter.userId } : {}) },
    orderBy: { id: 'desc' },
    take: filter.take ?? 100,
  });
  return rows.map(({ id: _id, ...row }) => ({ ...row, platform: row.platform as AccountPlatform, action: row.action as AccountLinkAction, via: row.via as AccountLinkVia }));
}

/**
 * The link requests still waiting for an administrator: accounts whose newest request, approval
 * or rejection is a request (refused confirmations change nothing), oldest first.
 */
export async function pendingLinkRequests(db: Database): Promise<AccountLinkEntry[]> {
  const rows = await db.accountLinkEvent.findMany({ where: { action: { in: ['requested', 'approved', 'rejected'] } }, orderBy: { id: 'asc' } });
  const newest = new Map<string, (typeof rows)[number]>();
  for (const row of rows) newest.set(`${row.platform}:${row.userId}`, row);
  return [...newest.values()]
    .filter((row) => row.action === 'requested')
    .map(({ id: _id, ...row }) => ({ ...row, platform: row.platform as AccountPlatform, action: 'requested' as const, via: row.via as AccountLinkVia }));
}
