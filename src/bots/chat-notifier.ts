import type { Locale } from '../i18n/messages.js';
import type { PersonRecord } from '../service/directory.js';
import type { Audience, ChatEffect, DocumentToPost, Notifier, ReminderNotice, RunContext, ScheduleReminderNotice } from '../service/ports.js';
import { formatWeekdayName } from '../reports/dates.js';
import { formatZonedDateTime, toWallClock } from '../workflow/time-zone.js';
import type { WorkflowService } from '../service/workflow-service.js';
import { requesterRole, type WorkflowDefinition } from '../workflow/definition-schema.js';
import { stepById } from '../workflow/engine.js';
import { textOf } from '../workflow/form-fields.js';
import type { InstanceState, Milestone } from '../workflow/types.js';
import { formatWibDateTime } from '../workflow/wib.js';
import { encodeButton } from './callback-data.js';
import { renderCard, renderDecidedCard, roleTitle, stepTitle, timeLeftText } from './cards.js';
import { actorName, outcomeWord } from '../service/trail-format.js';
import { reminderMessages } from './reminder-messages.js';
import { chatMessages } from './messages.js';
import type { ChatPort } from './port.js';

/** Telegram allows about one edit of a message every few seconds; progress respects that everywhere. */
export const progressEditIntervalMs = 3000;

export interface ChatNotifierOptions {
  service: WorkflowService;
  port: ChatPort;
  /** Where this platform reaches a person privately; null if they have no account here. */
  chatIdOf(person: PersonRecord): Promise<string | null>;
  /** The group or channel that gets milestones. */
  channelId?: string | undefined;
  /** Holders of these roles hear about effects that keep failing and documents nobody received. */
  adminRoles: string[];
  /** Where delivery failures of single recipients are logged. */
  log(message: string, error: unknown): void;
}

/**
 * One platform's outbound side, written against the ChatPort only: approval cards, decided cards
 * edited in place, notices to the requester, milestones in the channel, documents, progress.
 * The dispatcher calls it for each stored effect; it throws when the platform failed so the
 * effect is retried, and never for a single unreachable recipient (that is logged).
 */
export class ChatNotifier implements Notifier {
  private readonly lastProgress = new Map<string, { text: string; at: number }>();

  constructor(private readonly options: ChatNotifierOptions) {}

  /** Holders of these roles see every run and hear about failures. */
  get adminRoles(): readonly string[] {
    return this.options.adminRoles;
  }

  get platform(): string {
    return this.options.port.platform;
  }

  private get directory() {
    return this.options.service.directory;
  }

  private text(locale: Locale) {
    return chatMessages(locale);
  }

  /** The person's own language, else the organisation's. */
  localeOf(person: PersonRecord | null): Locale {
    return person?.locale === 'en' ? 'en' : person?.locale === 'id' ? 'id' : this.options.service.locale;
  }

  async deliver(effect: ChatEffect, { instance, definition }: RunContext): Promise<void> {
    switch (effect.type) {
      case 'request-decision':
        return this.requestDecision(instance, definition, effect.role);
      case 'close-cards':
        return this.closeCards(instance, definition, effect.stepId, effect.choiceId, effect.actorName, effect.at);
      case 'inform-requester':
        return this.informRequester(instance, definition, effect.stepId);
      case 'inform-role':
        return this.informRole(instance, definition, effect.role, effect.stepId);
      case 'announce':
        return this.announce(instance, definition, effect.milestone, effect.stepId);
      case 'finished':
        return this.notifyFinished(instance);
    }
  }

  /** Posts a document (a rendered PDF) to the people a run concerns on this platform, and the channel. */
  async postDocument({ instance }: RunContext, document: DocumentToPost, to: Audience): Promise<void> {
    const people = [
      ...(to.requester ? await this.recipients(instance, requesterRole) : []),
      ...(await Promise.all((to.roles ?? []).map((role) => this.recipients(instance, role)))).flat(),
    ];
    const names = new Map<string, string>();
    for (const person of people) {
      const chatId = await this.options.chatIdOf(person);
      if (chatId) names.set(chatId, person.name);
    }
    const chatIds = new Set(names.keys());
    if (to.channel && this.options.channelId) chatIds.add(this.options.channelId);
    const failed = await this.eachRecipient([...chatIds].map((chatId) => [chatId, () => this.options.port.sendDocument(chatId, document)]), document.filename);
    // Someone did not get an official document: the administrators are told where it is archived.
    if (failed.length > 0) {
      const who = failed.map((chatId) => names.get(chatId) ?? chatId).join(', ');
      await this.alertAdministrators(this.text(this.options.service.locale).documentUndelivered(document.filename, who, document.archivedAt));
    }
  }

  /**
   * Shows a running task's progress to the holders of the step's role as one message per person,
   * edited in place: at most one edit per `progressEditIntervalMs` (platform limits), none when the
   * text did not change; `final` always goes out.
   */
  async progress({ instance, definition }: RunContext, stepId: string, text: string, final: boolean): Promise<void> {
    const step = stepById(definition, stepId);
    if (step.kind === 'end') return;
    const existing = await this.directory.messages.ofStep(this.platform, instance.id, stepId, 'progress');
    for (const person of await this.recipients(instance, step.role)) {
      const chatId = await this.options.chatIdOf(person);
      if (!chatId) continue;
      const message = existing.find((candidate) => candidate.chatId === chatId);
      // While the backup runs, its message carries the cancel button; the final line drops it.
      const buttons = final ? [] : [[{ label: this.text(this.localeOf(person)).stopBackup(), data: encodeButton({ kind: 'cancel-job', instanceId: instance.id }) }]];
      if (!message) {
        const sent = await this.options.port.send(chatId, { text, buttons });
        await this.directory.messages.remember({ platform: this.platform, chatId, messageId: sent.messageId, instanceId: instance.id, stepId, purpose: 'progress' });
        this.lastProgress.set(sent.messageId, { text, at: Date.now() });
        continue;
      }
      const last = this.lastProgress.get(message.messageId);
      if (last?.text === text) continue;
      if (!final && last && Date.now() - last.at < progressEditIntervalMs) continue;
      await this.options.port.edit(message, { text, buttons });
      this.lastProgress.set(message.messageId, { text, at: Date.now() });
    }
  }

  /**
   * A reminder to the step's role holders, or an escalation to the superior's: each in their own
   * language, with the due time and the time left (or how late) in the organisation's calendar.
   */
  async remind({ instance, definition }: RunContext, notice: ReminderNotice): Promise<void> {
    const step = stepById(definition, notice.stepId);
    const dueAt = new Date(notice.dueAt ?? notice.since ?? 0);
    const people = await this.recipients(instance, notice.role);
    const sends = await Promise.all(people.map(async (person) => {
      const locale = this.localeOf(person);
      const t = reminderMessages(locale);
      const sop = textOf(definition.title, locale);
      if (notice.kind === 'waiting') {
        const text = t.waiting(instance.number, sop, stepTitle(step, locale), formatWibDateTime(dueAt));
        return [await this.options.chatIdOf(person), (chatId: string) => this.options.port.send(chatId, { text })] as const;
      }
      const left = timeLeftText(this.options.service, dueAt, locale, notice.kind === 'escalate');
      const text = notice.kind === 'remind'
        ? t.remind(instance.number, sop, stepTitle(step, locale), formatWibDateTime(dueAt), left)
        : t.escalate(instance.number, sop, stepTitle(step, locale), step.kind === 'end' ? '' : roleTitle(definition, step.role, locale), formatWibDateTime(dueAt), left);
      return [await this.options.chatIdOf(person), (chatId: string) => this.options.port.send(chatId, { text })] as const;
    }));
    await this.eachRecipient(sends, `${notice.kind} of #${instance.number}`);
  }

  /** The officer's reminder of tomorrow's (the next working day's) scheduled backup, in each holder's language. */
  async remindSchedule(notice: ScheduleReminderNotice): Promise<void> {
    const zone = this.options.service.calendar.timeZone;
    const fireAt = new Date(notice.fireAt);
    const people = await this.directory.holdersOfRole(notice.role);
    const sends = await Promise.all(people.map(async (person) => {
      const locale = this.localeOf(person);
      const when = `${formatWeekdayName(toWallClock(fireAt, zone).weekday, locale)} ${formatZonedDateTime(fireAt, zone)}`;
      const text = reminderMessages(locale).schedule(notice.scheduleId, when, notice.targets.join(', ') || '-');
      return [await this.options.chatIdOf(person), (chatId: string) => this.options.port.send(chatId, { text })] as const;
    }));
    await this.eachRecipient(sends, `schedule reminder of ${notice.scheduleId}`);
  }

  /** The weekly summary in the channel; a platform without a channel has nothing to do. */
  async postToChannel(text: string): Promise<void> {
    if (this.options.channelId) await this.options.port.send(this.options.channelId, { text });
  }

  async alertAdministrators(text: string): Promise<void> {
    const admins = (await Promise.all(this.options.adminRoles.map((role) => this.directory.holdersOfRole(role)))).flat();
    const chatIds = new Set((await Promise.all([...new Map(admins.map((admin) => [admin.id, admin])).values()].map((admin) => this.options.chatIdOf(admin)))).filter((id): id is string => id !== null));
    if (this.options.channelId) chatIds.add(this.options.channelId);
    await this.eachRecipient([...chatIds].map((chatId) => [chatId, () => this.options.port.send(chatId, { text })]), 'alert');
  }

  /** Sends a run's approval card for its current step to one person (after a decision, `/tugas`, `/as`). */
  async sendCard(chatId: string, person: PersonRecord, instance: InstanceState, known?: WorkflowDefinition): Promise<void> {
    const definition = known ?? (await this.options.service.definitionOf(instance));
    const card = await renderCard(this.options.service, definition, instance, this.localeOf(person));
    const sent = await this.options.port.send(chatId, card);
    await this.directory.messages.remember({ platform: this.platform, chatId, messageId: sent.messageId, instanceId: instance.id, stepId: instance.currentStep!, purpose: 'card' });
  }

  private async recipients(instance: InstanceState, role: string): Promise<PersonRecord[]> {
    if (role === requesterRole) {
      const requester = instance.requesterId ? await this.directory.person(instance.requesterId) : null;
      return requester ? [requester] : [];
    }
    return this.directory.holdersOfRole(role, instance.organisationId);
  }

  private async requestDecision(instance: InstanceState, definition: WorkflowDefinition, role: string): Promise<void> {
    const people = await this.recipients(instance, role);
    const sends = await Promise.all(people.map(async (person) => [await this.options.chatIdOf(person), (chatId: string) => this.sendCard(chatId, person, instance, definition)] as const));
    await this.eachRecipient(sends, `cards of #${instance.number}`);
  }

  /**
   * Sends to every recipient at once and lets the port pace the platform; one recipient who
   * cannot be reached (never opened the bot, blocked it) does not stop the others.
   */
  private async eachRecipient(sends: ReadonlyArray<readonly [string | null, (chatId: string) => Promise<unknown>]>, what: string): Promise<string[]> {
    const reachable = sends.filter((entry): entry is readonly [string, (chatId: string) => Promise<unknown>] => entry[0] !== null);
    const results = await Promise.allSettled(reachable.map(([chatId, send]) => send(chatId)));
    const failed: string[] = [];
    results.forEach((result, index) => {
      if (result.status !== 'rejected') return;
      failed.push(reachable[index]![0]);
      this.options.log(`cadang: delivering ${what} on ${this.platform} failed for one recipient`, result.reason);
    });
    return failed;
  }

  private async closeCards(instance: InstanceState, definition: WorkflowDefinition, stepId: string, choiceId: string | null, actorName: string | null, at: Date): Promise<void> {
    const cards = await this.directory.messages.ofStep(this.platform, instance.id, stepId, 'card');
    const step = stepById(definition, stepId);
    const choice = step.kind === 'human' ? step.choices.find((candidate) => candidate.id === choiceId) : undefined;
    const locale = this.options.service.locale;
    const decided = renderDecidedCard(definition, instance, stepId, choice ? textOf(choice.label, locale) : '', actorName ?? '', formatWibDateTime(at), locale);
    await this.eachRecipient(cards.map((card) => [card.chatId, () => this.options.port.edit(card, decided)] as const), `decided cards of #${instance.number}`);
    await this.directory.messages.forget(cards.map((card) => card.id));
  }

  private async informRequester(instance: InstanceState, definition: WorkflowDefinition, stepId: string): Promise<void> {
    const requester = instance.requesterId ? await this.directory.person(instance.requesterId) : null;
    const chatId = requester ? await this.options.chatIdOf(requester) : null;
    if (!requester || !chatId) return;
    const locale = this.localeOf(requester);
    const decision = await this.directory.decision(instance.id, stepId);
    const step = stepById(definition, stepId);
    if (step.kind === 'system') {
      const next = instance.currentStep ? stepById(definition, instance.currentStep) : null;
      const then = next && next.kind !== 'end' ? `${stepTitle(next, locale)} (${roleTitle(definition, next.role, locale)})` : '';
      await this.options.port.send(chatId, { text: this.text(locale).taskFailed(instance.number, stepTitle(step, locale), outcomeWord(decision?.choice ?? 'failed', locale), decision?.reason ?? '', then) });
      return;
    }
    const choice = step.kind === 'human' ? step.choices.find((candidate) => candidate.id === decision?.choice) : undefined;
    await this.options.port.send(chatId, {
      text: this.text(locale).informRequester(instance.number, step.kind === 'end' ? '' : roleTitle(definition, step.role, locale), choice ? textOf(choice.label, locale) : outcomeWord(decision?.choice ?? '', locale), decision?.reason ?? ''),
    });
  }

  /** Tells a role's holders of a decision the SOP says they hear of (a report, not a card). */
  private async informRole(instance: InstanceState, definition: WorkflowDefinition, role: string, stepId: string): Promise<void> {
    const decision = await this.directory.decision(instance.id, stepId);
    const step = stepById(definition, stepId);
    const choice = step.kind === 'human' ? step.choices.find((candidate) => candidate.id === decision?.choice) : undefined;
    const people = await this.recipients(instance, role);
    const sends = await Promise.all(people.map(async (person) => {
      const locale = this.localeOf(person);
      const text = this.text(locale).informRole(textOf(definition.title, locale), instance.number, step.kind === 'end' ? '' : roleTitle(definition, step.role, locale), decision ? actorName(decision, locale) : '', choice ? textOf(choice.label, locale) : '', decision?.reason ?? '');
      return [await this.options.chatIdOf(person), (chatId: string) => this.options.port.send(chatId, { text })] as const;
    }));
    await this.eachRecipient(sends, `notices of #${instance.number} to ${role}`);
  }

  private async announce(instance: InstanceState, definition: WorkflowDefinition, milestone: Milestone, stepId: string): Promise<void> {
    if (!this.options.channelId) return;
    const locale = this.options.service.locale;
    const t = this.text(locale).announce;
    const title = textOf(definition.title, locale);
    const decision = await this.directory.decision(instance.id, stepId);
    const step = stepById(definition, stepId);
    const stepName = stepTitle(step, locale);
    const label = step.kind === 'human' ? textOf(step.choices.find((choice) => choice.id === decision?.choice)?.label ?? '-', locale) : outcomeWord(decision?.choice ?? '', locale);
    const text = milestone === 'received' ? t.received(title, instance.number, decision?.actorName ?? '')
      : milestone === 'decided' ? t.decided(title, instance.number, stepName, label, decision ? actorName(decision, locale) : '')
      : milestone === 'task-started' ? t['task-started'](title, instance.number, stepName)
      : milestone === 'task-finished' ? t['task-finished'](title, instance.number, stepName, label)
      : t.finished(title, instance.number, this.text(locale).outcomes[String(instance.outcome)] ?? '');
    await this.options.port.send(this.options.channelId, { text });
  }

  private async notifyFinished(instance: InstanceState): Promise<void> {
    const requester = instance.requesterId ? await this.directory.person(instance.requesterId) : null;
    const chatId = requester ? await this.options.chatIdOf(requester) : null;
    if (!requester || !chatId) return;
    const t = this.text(this.localeOf(requester));
    await this.options.port.send(chatId, { text: t.finished(instance.number, t.outcomes[String(instance.outcome)] ?? '') });
  }
}
