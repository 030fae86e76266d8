import { z } from 'zod';
import type { Locale } from '../../i18n/messages.js';
import { parseNip } from '../../people/nip.js';
import type { WorkflowService } from '../../service/workflow-service.js';
import type { PersonRecord } from '../../service/directory.js';
import { formatWibDateTime } from '../../workflow/wib.js';
import { isLinkAdmin, linkAdminRoleTitles, linkAdmins } from '../link-admins.js';
import type { ChatPort, InboundEvent, SentMessage } from '../port.js';
import { telegramMessages } from './messages.js';

/**
 * Linking a Telegram account to a person record, once: the person sends `/daftar NIP`, every
 * linked admin gets a card with "Hubungkan" / "Tolak", and the first admin to tap decides. The
 * request and its decision live in the chat-session table (platform `telegram-link`, one row per
 * Telegram user), so they survive a restart and say who decided and when; the request, the
 * decision and every refused confirmation are appended to the account-link trail.
 */
export const linkPlatform = 'telegram-link';

const linkStateSchema = z.object({
  personId: z.string(),
  nip: z.string(),
  userId: z.string(),
  chatId: z.string(),
  telegramName: z.string(),
  requestedAt: z.string(),
  cards: z.array(z.object({ chatId: z.string(), messageId: z.string() })),
  decidedBy: z.object({ name: z.string(), at: z.string(), approved: z.boolean() }).optional(),
});
type LinkState = z.infer<typeof linkStateSchema>;

/** Button data of an admin's card: `tl:y:<telegram user id>` links, `tl:n:<id>` rejects (≤ 25 bytes). */
export function encodeLinkButton(approve: boolean, userId: string): string {
  return `tl:${approve ? 'y' : 'n'}:${userId}`;
}

export function decodeLinkButton(data: string): { approve: boolean; userId: string } | undefined {
  const match = /^tl:([yn]):(\d{1,20})$/.exec(data);
  return match ? { approve: match[1] === 'y', userId: match[2]! } : undefined;
}

export interface AccountLinkingOptions {
  service: WorkflowService;
  port: ChatPort;
  /** Holders of these roles confirm links (the Cadang admins). */
  adminRoles: string[];
  log: { warn(message: string, detail?: Record<string, unknown>): void };
}

export class AccountLinking {
  private readonly directory;

  constructor(private readonly options: AccountLinkingOptions) {
    this.directory = options.service.directory;
  }

  private t(person?: PersonRecord | null) {
    const locale: Locale = person?.locale === 'en' ? 'en' : person?.locale === 'id' ? 'id' : this.options.service.locale;
    return telegramMessages(locale);
  }

  /** Tells someone the bot does not know who they are, and how to link their account. */
  async explainUnlinked(event: InboundEvent): Promise<void> {
    await this.options.port.send(event.chatId, { text: this.t().unlinked(event.userId) });
  }

  /** `/daftar NIP` from `event`'s sender (`person` is who they already are, if linked). */
  async register(event: InboundEvent, person: PersonRecord | null, args: string, telegramName: string): Promise<void> {
    const t = this.t(person);
    const say = (text: string) => this.options.port.send(event.chatId, { text }).then(() => undefined);
    if (person) return say(t.linkAlreadyYou(person.name));
    if (args.trim() === '') return say(t.linkUsage());
    const nip = parseNip(args);
    if (!nip.ok) return say(t.linkBadNip());
    const claimed = await this.directory.personByNip(nip.nip);
    if (!claimed) return say(t.linkUnknownNip(nip.nip));
    const claimedAccount = await this.directory.accountOf(claimed.id, 'telegram');
    if (claimedAccount && claimedAccount !== event.userId) return say(t.linkTaken(nip.nip));

    const existing = await this.load(event.userId);
    if (existing?.kind === 'pending' && existing.state.personId === claimed.id) return say(t.linkPending());

    const admins = (await Promise.all((await this.admins()).map(async (admin) => ({ admin, chatId: await this.directory.accountOf(admin.id, 'telegram') }))))
      .filter(({ chatId }) => chatId !== null && chatId !== event.userId);
    if (admins.length === 0) return say(t.linkNoAdmins(event.userId));
    if (existing?.kind === 'pending') await this.closeCards(existing.state, t.linkGone());

    const state: LinkState = {
      personId: claimed.id, nip: claimed.nip, userId: event.userId, chatId: event.chatId, telegramName,
      requestedAt: this.options.service.now().toISOString(), cards: [],
    };
    await this.save(event.userId, 'pending', state);
    await this.directory.linkTrail.record({ platform: 'telegram', userId: event.userId, personId: claimed.id, action: 'requested', via: 'nip', actorName: null, actorNip: null, detail: telegramName, at: new Date(state.requestedAt) });
    for (const { admin, chatId } of admins) {
      const card = await this.options.port.send(chatId!, this.card(admin, state, claimed));
      state.cards.push({ chatId: card.chatId, messageId: card.messageId });
    }
    await this.save(event.userId, 'pending', state);
    return say(t.linkRequested(claimed.name));
  }

  /** A tap on an admin's card. */
  async tap(event: InboundEvent & { type: 'button' }, tapper: PersonRecord | null): Promise<void> {
    const decoded = decodeLinkButton(event.data);
    const t = this.t(tapper);
    const say = (text: string) => this.options.port.send(event.chatId, { text }).then(() => undefined);
    if (!decoded) return say(t.linkGone());
    const row = await this.load(decoded.userId);
    // Every refused confirmation is in the account-link trail, with who tried.
    const refuse = async (why: string, text: string) => {
      await this.directory.linkTrail.record({
        platform: 'telegram', userId: decoded.userId, personId: row?.state.personId ?? null, action: 'refused', via: 'nip',
        actorName: tapper?.name ?? null, actorNip: tapper?.nip ?? null, detail: `${why} (Telegram ${event.userId})`, at: this.options.service.now(),
      });
      return say(text);
    };
    if (!tapper || !(await this.isAdmin(tapper))) {
      this.options.log.warn('telegram: a link request was tapped by someone who is not an admin', { userId: event.userId, personId: tapper?.id, request: decoded.userId });
      return refuse('not-admin', t.linkNotAdmin(this.adminRoleTitles()));
    }
    if (!row) return say(t.linkGone());
    if (row.kind !== 'pending') return refuse('already-decided', row.state.decidedBy ? t.linkStale(row.state.decidedBy.name, formatWibDateTime(new Date(row.state.decidedBy.at))) : t.linkGone());

    const at = this.options.service.now();
    const decided: LinkState = { ...row.state, decidedBy: { name: tapper.name, at: at.toISOString(), approved: decoded.approve } };
    // Compare-and-set on the row's kind: when two admins tap at once, exactly one decides.
    const claimed = await this.directory.chatState.claim(linkPlatform, decoded.userId, 'pending', decoded.approve ? 'linked' : 'rejected', JSON.stringify(decided));
    if (!claimed) {
      const now = await this.load(decoded.userId);
      return refuse('already-decided', now?.state.decidedBy ? t.linkStale(now.state.decidedBy.name, formatWibDateTime(new Date(now.state.decidedBy.at))) : t.linkGone());
    }
    const person = await this.directory.person(row.state.personId);
    const entry = { platform: 'telegram' as const, userId: decoded.userId, via: 'nip' as const, actorName: tapper.name, actorNip: tapper.nip, detail: row.state.telegramName, at };
    if (decoded.approve && person) await this.directory.linkTrail.confirm({ ...entry, personId: person.id, action: 'approved' });
    else await this.directory.linkTrail.record({ ...entry, personId: row.state.personId, action: 'rejected' });

    const label = decoded.approve ? t.linkApprove() : t.linkReject();
    await this.closeCards(decided, label, tapper.name, at);
    const user = this.t(person);
    await this.options.port.send(row.state.chatId, { text: decoded.approve && person ? user.linkApprovedForUser(person.name, person.nip) : user.linkRejectedForUser() });
    await say(t.linkDone(label, person?.name ?? row.state.nip));
  }

  private card(admin: PersonRecord, state: LinkState, claimed: PersonRecord) {
    const t = this.t(admin);
    return {
      text: t.linkCard(state.telegramName, state.userId, claimed.name, claimed.nip, claimed.satker ?? ''),
      buttons: [[{ label: t.linkApprove(), data: encodeLinkButton(true, state.userId) }, { label: t.linkReject(), data: encodeLinkButton(false, state.userId) }]],
    };
  }

  private async closeCards(state: LinkState, label: string, who?: string, at?: Date): Promise<void> {
    const person = await this.directory.person(state.personId);
    const t = this.t();
    const card = t.linkCard(state.telegramName, state.userId, person?.name ?? '-', state.nip, person?.satker ?? '');
    const text = who && at ? t.linkCardDecided(card, label, who, formatWibDateTime(at)) : `${card}\n\n${label}`;
    await Promise.all(state.cards.map((target: SentMessage) => this.options.port.edit(target, { text, buttons: [] })));
  }

  private admins(): Promise<PersonRecord[]> {
    return linkAdmins(this.options.service, this.options.adminRoles);
  }

  private isAdmin(person: PersonRecord): Promise<boolean> {
    return isLinkAdmin(this.options.service, this.options.adminRoles, person);
  }

  private adminRoleTitles(): string {
    return linkAdminRoleTitles(this.options.service, this.options.adminRoles);
  }

  private async load(userId: string): Promise<{ kind: string; state: LinkState } | null> {
    const row = await this.directory.chatState.load(linkPlatform, userId);
    if (!row) return null;
    const state = linkStateSchema.safeParse(JSON.parse(row.state));
    return state.success ? { kind: row.kind, state: state.data } : null;
  }

  private async save(userId: string, kind: string, state: LinkState): Promise<void> {
    await this.directory.chatState.save(linkPlatform, userId, kind, JSON.stringify(state));
  }
}
