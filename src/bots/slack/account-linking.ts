import { z } from 'zod';
import type { Locale } from '../../i18n/messages.js';
import { parseNip } from '../../people/nip.js';
import type { PersonRecord } from '../../service/directory.js';
import type { WorkflowService } from '../../service/workflow-service.js';
import { formatWibDateTime } from '../../workflow/wib.js';
import { isLinkAdmin, linkAdminRoleTitles, linkAdmins } from '../link-admins.js';
import type { InboundEvent, SentMessage } from '../port.js';
import { slackMessages } from './messages.js';
import type { SlackPort } from './slack-port.js';

/**
 * Linking a Slack account to a person record, confirmed by an administrator, in two ways:
 *
 * 1. By email, without typing anything: when an unlinked Slack user uses the app (a command, a
 *    tap, App Home), their profile email (users.info, scope users:read.email) is looked up in the
 *    staff records; on a match a link request is opened and every admin reachable on Slack gets a
 *    card "Tautkan akun Slack … ke … (NIP …)?" with "Setujui" / "Tolak".
 * 2. By NIP, as Telegram's `/daftar`: `/backup daftar NIP`; the card ("Hubungkan" / "Tolak") says
 *    whether the Slack profile's email matches the staff record.
 *
 * The first admin to tap decides. The request and its decision live in the chat-session table
 * (platform `slack-link`, one row per Slack user), so they survive a restart and say who decided
 * and when; the request, the decision and every refused confirmation are appended to the
 * account-link trail (`directory.linkTrail`). An approved link is written to the platform-identity
 * table with the admin who confirmed it, in the same transaction as its trail entry.
 */
export const linkPlatform = 'slack-link';

/** How long a stored request may have no admin cards before it is opened again (see `stalled`). */
const stalledAfterMs = 60_000;

const linkStateSchema = z.object({
  personId: z.string(),
  nip: z.string(),
  userId: z.string(),
  slackName: z.string(),
  email: z.string(),
  emailMatches: z.boolean(),
  /** How the account was matched: the NIP the user typed, or their profile email. */
  via: z.enum(['nip', 'email']).default('nip'),
  requestedAt: z.string(),
  cards: z.array(z.object({ chatId: z.string(), messageId: z.string() })),
  decidedBy: z.object({ name: z.string(), at: z.string(), approved: z.boolean() }).optional(),
});
type LinkState = z.infer<typeof linkStateSchema>;

/** Button data of an admin's card: `sl:y:<Slack user id>` links, `sl:n:<id>` rejects. */
export function encodeLinkButton(approve: boolean, userId: string): string {
  return `sl:${approve ? 'y' : 'n'}:${userId}`;
}

export function decodeLinkButton(data: string): { approve: boolean; userId: string } | undefined {
  const match = /^sl:([yn]):([UW][A-Z0-9]{1,20})$/.exec(data);
  return match ? { approve: match[1] === 'y', userId: match[2]! } : undefined;
}

export interface SlackAccountLinkingOptions {
  service: WorkflowService;
  port: SlackPort;
  /** Holders of these roles confirm links (the Cadang admins). */
  adminRoles: string[];
  log: { warn(message: string, detail?: Record<string, unknown>): void };
}

export class SlackAccountLinking {
  private readonly directory;

  constructor(private readonly options: SlackAccountLinkingOptions) {
    this.directory = options.service.directory;
  }

  private t(person?: PersonRecord | null) {
    const locale: Locale = person?.locale === 'en' ? 'en' : person?.locale === 'id' ? 'id' : this.options.service.locale;
    return slackMessages(locale);
  }

  /** `/backup daftar NIP` from `event`'s sender (`person` is who they already are, if linked). */
  async register(event: InboundEvent, person: PersonRecord | null, args: string): Promise<void> {
    const t = this.t(person);
    const say = (text: string) => this.options.port.send(event.userId, { text }).then(() => undefined);
    if (person) return say(t.linkAlreadyYou(person.name));
    if (args.trim() === '') return say(t.linkUsage());
    const nip = parseNip(args);
    if (!nip.ok) return say(t.linkBadNip());
    const claimed = await this.directory.personByNip(nip.nip);
    if (!claimed) return say(t.linkUnknownNip(nip.nip));
    const claimedAccount = await this.directory.accountOf(claimed.id, 'slack');
    if (claimedAccount && claimedAccount !== event.userId) return say(t.linkTaken(nip.nip));

    const existing = await this.load(event.userId);
    if (existing?.kind === 'pending' && existing.state.personId === claimed.id && !this.stalled(existing.state)) return say(t.linkPending());
    const admins = await this.reachableAdmins(event.userId);
    if (admins.length === 0) return say(t.linkNoAdmins(event.userId));
    if (existing?.kind === 'pending') await this.closeCards(existing.state, t.linkGone());

    const profile = await this.options.port.userInfo(event.userId);
    const email = profile.email ?? '';
    const state: LinkState = {
      personId: claimed.id, nip: claimed.nip, userId: event.userId, slackName: profile.name, email,
      emailMatches: email !== '' && email.toLowerCase() === (claimed.email ?? '').toLowerCase(), via: 'nip',
      requestedAt: this.options.service.now().toISOString(), cards: [],
    };
    await this.save(event.userId, 'pending', state);
    await this.openRequest(state, claimed, admins);
    return say(t.linkRequested(claimed.name));
  }

  /**
   * What an unlinked Slack user is told when they use the app (a command, a tap, App Home). When
   * their profile email is in the staff records, a link request is opened for an admin to confirm
   * (once: a second interaction, or one arriving at the same time, finds it waiting); otherwise
   * they are told how to link with their NIP. A request an admin rejected is not opened again.
   */
  async whenUnlinked(userId: string): Promise<string> {
    const t = this.t();
    const existing = await this.load(userId);
    if (existing?.kind === 'pending' && !this.stalled(existing.state)) return t.linkPending();
    if (existing?.kind === 'rejected') return existing.state.via === 'email' ? t.linkEmailRejectedForUser() : t.linkRejectedForUser();
    let profile: { name: string; email: string | undefined };
    try {
      profile = await this.options.port.userInfo(userId);
    } catch (error) {
      // Without users:read.email (an app created from an older manifest) the NIP path still works.
      this.options.log.warn('slack: users.info failed; the account cannot be matched by email', { userId, error: String(error) });
      return t.unlinked(userId);
    }
    const email = profile.email?.trim().toLowerCase() ?? '';
    const person = email === '' ? null : await this.directory.personByEmail(email);
    if (!person) return email === '' ? t.unlinked(userId) : `${t.linkEmailUnknown(email)}\n${t.unlinked(userId)}`;
    const own = this.t(person);
    const account = await this.directory.accountOf(person.id, 'slack');
    if (account && account !== userId) return own.unlinked(userId);
    const admins = await this.reachableAdmins(userId);
    if (admins.length === 0) return own.linkNoAdmins(userId);
    const state: LinkState = {
      personId: person.id, nip: person.nip, userId, slackName: profile.name, email, emailMatches: true, via: 'email',
      requestedAt: this.options.service.now().toISOString(), cards: [],
    };
    // Exactly one interaction opens the request, however many arrive at once: a new row is created
    // once, and an old one (a stalled request, a link since removed) is taken over once (compare-and-set on its content).
    const stored = JSON.stringify(state);
    const opened = existing
      ? await this.directory.chatState.claim(linkPlatform, userId, existing.kind, 'pending', stored, existing.raw)
      : await this.directory.chatState.create(linkPlatform, userId, 'pending', stored);
    if (!opened) return own.linkPending();
    await this.openRequest(state, person, admins);
    return own.linkEmailRequested(person.name, email);
  }

  /**
   * A request stored but whose cards never went out (the process stopped in between): after a
   * minute it is opened again, so no one waits for admins who were never asked.
   */
  private stalled(state: LinkState): boolean {
    return state.cards.length === 0 && this.options.service.now().getTime() - new Date(state.requestedAt).getTime() > stalledAfterMs;
  }

  /** Records a stored pending request in the trail and sends every admin its card (their message ids kept to close them later). */
  private async openRequest(state: LinkState, person: PersonRecord, admins: Array<{ admin: PersonRecord; userId: string }>): Promise<void> {
    await this.directory.linkTrail.record({
      platform: 'slack', userId: state.userId, personId: person.id, action: 'requested', via: state.via, actorName: null, actorNip: null,
      detail: `${state.slackName} <${state.email || '-'}>`, at: new Date(state.requestedAt),
    });
    for (const { admin, userId } of admins) {
      const card = await this.options.port.send(userId, this.card(admin, state, person));
      state.cards.push({ chatId: card.chatId, messageId: card.messageId });
    }
    await this.save(state.userId, 'pending', state);
  }

  /** The admins with a Slack account, other than the one asking. */
  private async reachableAdmins(asking: string): Promise<Array<{ admin: PersonRecord; userId: string }>> {
    const admins = await Promise.all((await this.admins()).map(async (admin) => ({ admin, userId: await this.directory.accountOf(admin.id, 'slack') })));
    return admins.filter((entry): entry is { admin: PersonRecord; userId: string } => entry.userId !== null && entry.userId !== asking);
  }

  /** A tap on an admin's card; refusals are ephemeral, next to the card, and recorded in the trail. */
  async tap(event: InboundEvent & { type: 'button' }, tapper: PersonRecord | null, channelId: string | undefined): Promise<void> {
    const decoded = decodeLinkButton(event.data);
    const t = this.t(tapper);
    const say = (text: string) => (channelId ? this.options.port.sendEphemeral(channelId, event.userId, { text }) : this.options.port.send(event.userId, { text }).then(() => undefined));
    if (!decoded) return say(t.linkGone());
    const row = await this.load(decoded.userId);
    const refuse = async (why: string, text: string) => {
      await this.directory.linkTrail.record({
        platform: 'slack', userId: decoded.userId, personId: row?.state.personId ?? null, action: 'refused', via: row?.state.via ?? 'nip',
        actorName: tapper?.name ?? null, actorNip: tapper?.nip ?? null, detail: `${why} (Slack ${event.userId})`, at: this.options.service.now(),
      });
      return say(text);
    };
    if (!tapper || !(await this.isAdmin(tapper))) {
      this.options.log.warn('slack: a link request was tapped by someone who is not an admin', { userId: event.userId, personId: tapper?.id, request: decoded.userId });
      return refuse('not-admin', t.linkNotAdmin(this.adminRoleTitles()));
    }
    if (!row) return say(t.linkGone());
    const stale = (state: LinkState | undefined) => (state?.decidedBy ? t.linkStale(state.decidedBy.name, formatWibDateTime(new Date(state.decidedBy.at))) : t.linkGone());
    if (row.kind !== 'pending') return refuse('already-decided', stale(row.state));

    const at = this.options.service.now();
    const decided: LinkState = { ...row.state, decidedBy: { name: tapper.name, at: at.toISOString(), approved: decoded.approve } };
    // Compare-and-set on the row's kind: when two admins tap at once (or Slack delivers a tap twice), exactly one decides.
    const claimed = await this.directory.chatState.claim(linkPlatform, decoded.userId, 'pending', decoded.approve ? 'linked' : 'rejected', JSON.stringify(decided));
    if (!claimed) return refuse('already-decided', stale((await this.load(decoded.userId))?.state));
    const person = await this.directory.person(row.state.personId);
    const entry = {
      platform: 'slack' as const, userId: decoded.userId, via: row.state.via, actorName: tapper.name, actorNip: tapper.nip,
      detail: `${row.state.slackName} <${row.state.email || '-'}>`, at,
    };
    if (decoded.approve && person) await this.directory.linkTrail.confirm({ ...entry, personId: person.id, action: 'approved' });
    else await this.directory.linkTrail.record({ ...entry, personId: row.state.personId, action: 'rejected' });
    const label = decoded.approve ? this.approveLabel(row.state, tapper) : t.linkReject();
    await this.closeCards(decided, label, tapper.name, at);
    const user = this.t(person);
    const told = decoded.approve && person ? user.linkApprovedForUser(person.name, person.nip) : row.state.via === 'email' ? user.linkEmailRejectedForUser() : user.linkRejectedForUser();
    await this.options.port.send(decoded.userId, { text: told });
    await this.options.port.send(event.userId, { text: t.linkDone(label, person?.name ?? row.state.nip) });
  }

  private approveLabel(state: LinkState, admin?: PersonRecord | null): string {
    const t = this.t(admin);
    return state.via === 'email' ? t.linkEmailApprove() : t.linkApprove();
  }

  private cardText(state: LinkState, person: PersonRecord | null, admin?: PersonRecord): string {
    const t = this.t(admin);
    if (state.via === 'email') return t.linkEmailCard(state.slackName, state.email, person?.name ?? '-', state.nip, person?.satker ?? '');
    const email = state.emailMatches ? t.linkEmailMatches(state.email) : t.linkEmailDiffers(state.email);
    return t.linkCard(state.slackName, state.userId, person?.name ?? '-', state.nip, person?.satker ?? '', email);
  }

  private card(admin: PersonRecord, state: LinkState, claimed: PersonRecord) {
    const t = this.t(admin);
    return {
      text: this.cardText(state, claimed, admin),
      buttons: [[{ label: this.approveLabel(state, admin), data: encodeLinkButton(true, state.userId) }, { label: t.linkReject(), data: encodeLinkButton(false, state.userId) }]],
    };
  }

  private async closeCards(state: LinkState, label: string, who?: string, at?: Date): Promise<void> {
    const card = this.cardText(state, await this.directory.person(state.personId));
    const text = who && at ? this.t().linkCardDecided(card, label, who, formatWibDateTime(at)) : `${card}\n\n${label}`;
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

  /** The stored request of a Slack user; `raw` is the row as stored, for a compare-and-set. */
  private async load(userId: string): Promise<{ kind: string; state: LinkState; raw: string } | null> {
    const row = await this.directory.chatState.load(linkPlatform, userId);
    if (!row) return null;
    const state = linkStateSchema.safeParse(JSON.parse(row.state));
    return state.success ? { kind: row.kind, state: state.data, raw: row.state } : null;
  }

  private async save(userId: string, kind: string, state: LinkState): Promise<void> {
    await this.directory.chatState.save(linkPlatform, userId, kind, JSON.stringify(state));
  }
}
