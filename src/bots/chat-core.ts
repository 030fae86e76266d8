import type { Locale } from '../i18n/messages.js';
import { holdersOfRole, rolesOf, type PersonRecord } from '../storage/people-repository.js';
import { findDecision, findInstance, listInstancesOfRequester, listTrail, loadInstance } from '../storage/workflow-repository.js';
import type { EventOutcome, WorkflowService } from '../service/workflow-service.js';
import { formatTrail } from '../service/trail-format.js';
import { requesterRole, type ChoiceDefinition, type FormField, type WorkflowDefinition } from '../workflow/definition-schema.js';
import { needsReason, stepById } from '../workflow/engine.js';
import { parseFieldAnswer, textOf } from '../workflow/form-fields.js';
import type { Effect, InstanceState, Milestone } from '../workflow/types.js';
import { formatWibDate, formatWibDateTime } from '../workflow/wib.js';
import { decodeButton, encodeButton } from './callback-data.js';
import { renderCard, renderDecidedCard, roleTitle, stepTitle } from './cards.js';
import { clearConversation, forgetMessages, loadConversation, messagesOfStep, rememberMessage, saveConversation, type Conversation } from './conversation.js';
import { chatMessages } from './messages.js';
import type { Button, ChatPort, InboundEvent, OutboundDocument, OutboundMessage } from './port.js';

/** Telegram allows about one edit of a message every few seconds; progress respects that everywhere. */
export const progressEditIntervalMs = 3000;

export interface ChatCoreOptions {
  service: WorkflowService;
  port: ChatPort;
  /** Finds the person behind an update (by Telegram/Slack id, or the terminal's chosen identity). */
  resolvePerson(event: InboundEvent): Promise<PersonRecord | null>;
  /** Where this platform reaches a person privately; null if they have no account here. */
  chatIdOf(person: PersonRecord): string | null;
  satker: string[];
  targets: Array<{ name: string; description?: string | undefined }>;
  media: Array<{ label: string }>;
  /** The group or channel that gets milestones. */
  channelId?: string | undefined;
  /** The SOP `/backup` starts (requested backup) and the one `/perintah` starts (scheduled backup). */
  requestSop: string;
  orderSop: string;
  /** Lines the platform adds to /bantuan for its own commands (Telegram's /daftar). */
  extraHelp?: string[] | undefined;
  /** Where delivery failures of single recipients are logged (default: console.error). */
  log?: ((message: string, error: unknown) => void) | undefined;
  /** Platform-specific commands (the terminal's /as); return true when handled. */
  extraCommand?: ((event: InboundEvent & { type: 'text' }, person: PersonRecord | null, command: string, args: string) => Promise<boolean>) | undefined;
}

/**
 * The chat core: turns inbound events into workflow decisions and form answers, and effects into
 * cards and notices. Written against the ChatPort only, so every platform behaves the same.
 */
export class ChatCore {
  private readonly db;

  constructor(private readonly options: ChatCoreOptions) {
    this.db = options.service.db;
  }

  get platform() {
    return this.options.port.platform;
  }

  /** Handles one inbound update. Errors are the adapter's to catch and explain. */
  async handle(event: InboundEvent): Promise<void> {
    const person = await this.options.resolvePerson(event);
    if (event.type === 'text' && event.text.trim().startsWith('/')) {
      const [rawCommand = '', ...rest] = event.text.trim().split(/\s+/);
      const command = rawCommand.toLowerCase().replace(/@.*$/, '');
      if (this.options.extraCommand && (await this.options.extraCommand(event, person, command, rest.join(' ')))) return;
      if (!person) return this.reply(event, { text: this.text(this.options.service.locale).unknownUser() });
      return this.command(event, person, command, rest.join(' '));
    }
    if (!person) return this.reply(event, { text: this.text(this.options.service.locale).unknownUser() });
    if (event.type === 'text') return this.answer(event, person, event.text);
    return this.tap(event, person, event.data);
  }

  private text(locale: Locale | string) {
    return chatMessages(locale === 'en' ? 'en' : 'id');
  }

  private localeOf(person: PersonRecord | null): Locale {
    return person?.locale === 'en' ? 'en' : person?.locale === 'id' ? 'id' : this.options.service.locale;
  }

  private async reply(event: InboundEvent, message: OutboundMessage): Promise<void> {
    await this.options.port.send(event.chatId, message);
  }

  private async command(event: InboundEvent, person: PersonRecord, command: string, args: string): Promise<void> {
    const t = this.text(this.localeOf(person));
    switch (command) {
      case '/start':
      case '/help':
      case '/bantuan':
        return this.reply(event, { text: [t.help(this.platform === 'console'), ...(this.options.extraHelp ?? [])].join('\n') });
      case '/backup':
        return this.startForm(event, person);
      case '/perintah':
        return this.startOrder(event, person);
      case '/tugas':
        return this.showPendingCards(event, person);
      case '/status':
        return args ? this.showTrail(event, person, args) : this.showStatus(event, person);
      case '/batal':
        await clearConversation(this.db, this.platform, event.chatId);
        return this.reply(event, { text: t.cancelled() });
      default:
        return this.reply(event, { text: t.unknownCommand(command) });
    }
  }

  // ── The request form ────────────────────────────────────────────────────────────────────────

  private requestDefinition(): WorkflowDefinition | undefined {
    return this.options.service.definitions.latestOf(this.options.requestSop);
  }

  private async startForm(event: InboundEvent, person: PersonRecord): Promise<void> {
    const t = this.text(this.localeOf(person));
    const definition = this.requestDefinition();
    if (!definition?.form) return this.reply(event, { text: t.noSop() });
    await this.reply(event, { text: t.formIntro(textOf(definition.title, this.localeOf(person)), definition.form.code ?? '') });
    const conversation: Conversation = { kind: 'form', definitionKey: definition.key, answers: {}, field: definition.form.fields[0]!.name, returnToSummary: false };
    await saveConversation(this.db, this.platform, event.chatId, conversation);
    await this.askField(event, person, definition, conversation);
  }

  private defaultFor(field: FormField, person: PersonRecord): string | null {
    const known: Record<string, string | null> = {
      'person-name': person.name, nip: person.nip, mobile: person.mobile, email: person.email, satker: person.satker,
      date: formatWibDate(this.options.service.now()),
    };
    return known[field.type] ?? null;
  }

  private async askField(event: InboundEvent, person: PersonRecord, definition: WorkflowDefinition, conversation: Conversation & { kind: 'form' }): Promise<void> {
    const locale = this.localeOf(person);
    const t = this.text(locale);
    const fields = definition.form!.fields;
    const index = fields.findIndex((field) => field.name === conversation.field);
    const field = fields[index]!;
    const buttons: Button[][] = [];
    const suggestion = conversation.answers[field.name] || this.defaultFor(field, person);
    if (field.type === 'satker' && this.options.satker.length > 0) {
      this.options.satker.forEach((name, i) => buttons.push([{ label: name, data: encodeButton({ kind: 'form', action: 'pick', value: i }) }]));
    } else if (suggestion) {
      buttons.push([{ label: t.useDefault(suggestion), data: encodeButton({ kind: 'form', action: 'use-default', value: index }) }]);
    }
    await this.reply(event, { text: t.askField(index + 1, fields.length, textOf(field.label, locale), !field.required), buttons });
  }

  /** A typed answer: a form field, a reason, or nothing in progress. */
  private async answer(event: InboundEvent, person: PersonRecord, text: string): Promise<void> {
    const t = this.text(this.localeOf(person));
    const conversation = await loadConversation(this.db, this.platform, event.chatId);
    if (!conversation) return this.reply(event, { text: t.noConversation() });
    if (conversation.kind === 'form') return this.acceptFieldAnswer(event, person, conversation, text);
    if (conversation.kind === 'reason') {
      await clearConversation(this.db, this.platform, event.chatId);
      return this.decide(event, person, conversation.instanceId, conversation.stepId, conversation.choiceId, text, conversation.inputs);
    }
    return this.reply(event, { text: t.selectNothing() });
  }

  private async acceptFieldAnswer(event: InboundEvent, person: PersonRecord, conversation: Conversation & { kind: 'form' }, text: string): Promise<void> {
    const locale = this.localeOf(person);
    const t = this.text(locale);
    const definition = this.options.service.definitions.latestOf(conversation.definitionKey);
    const field = definition?.form?.fields.find((candidate) => candidate.name === conversation.field);
    if (!definition?.form || !field) {
      await clearConversation(this.db, this.platform, event.chatId);
      return this.reply(event, { text: t.noSop() });
    }
    const check = parseFieldAnswer(field, text, locale, formatWibDate(this.options.service.now()));
    if (!check.ok) {
      await this.reply(event, { text: t.fieldProblem(textOf(field.label, locale), check.message) });
      return this.askField(event, person, definition, conversation);
    }
    const answers = { ...conversation.answers, [field.name]: check.value };
    const fields = definition.form.fields;
    const next = conversation.returnToSummary ? undefined : fields[fields.indexOf(field) + 1];
    const updated: Conversation = { ...conversation, answers, field: next?.name ?? null, returnToSummary: false };
    await saveConversation(this.db, this.platform, event.chatId, updated);
    if (next) return this.askField(event, person, definition, updated);
    return this.showSummary(event, person, definition, answers);
  }

  private async showSummary(event: InboundEvent, person: PersonRecord, definition: WorkflowDefinition, answers: Record<string, string>): Promise<void> {
    const locale = this.localeOf(person);
    const t = this.text(locale);
    const lines = definition.form!.fields.map((field) => `• ${textOf(field.label, locale)}: ${answers[field.name] || '-'}`);
    await this.reply(event, {
      text: [t.summaryTitle(), ...lines, '', t.summaryFooter()].join('\n'),
      buttons: [[
        { label: t.send(), data: encodeButton({ kind: 'form', action: 'send', value: 0 }) },
        { label: t.edit(), data: encodeButton({ kind: 'form', action: 'edit', value: 0 }) },
        { label: t.cancel(), data: encodeButton({ kind: 'form', action: 'cancel', value: 0 }) },
      ]],
    });
  }

  private async formButton(event: InboundEvent, person: PersonRecord, action: string, value: number): Promise<void> {
    const locale = this.localeOf(person);
    const t = this.text(locale);
    const conversation = await loadConversation(this.db, this.platform, event.chatId);
    const definition = conversation?.kind === 'form' ? this.options.service.definitions.latestOf(conversation.definitionKey) : undefined;
    if (conversation?.kind !== 'form' || !definition?.form) return this.reply(event, { text: t.unknownButton() });
    const fields = definition.form.fields;
    if (action === 'cancel') {
      await clearConversation(this.db, this.platform, event.chatId);
      return this.reply(event, { text: t.cancelled() });
    }
    if (action === 'use-default' || action === 'pick') {
      const field = fields.find((candidate) => candidate.name === conversation.field);
      // A button left over from an earlier question must not answer the current one.
      const stale = action === 'use-default' ? fields[value] !== field : field?.type !== 'satker';
      if (!field || stale) return this.reply(event, { text: t.unknownButton() });
      const chosen = action === 'pick' ? this.options.satker[value] : conversation.answers[field.name] || this.defaultFor(field, person);
      return chosen ? this.acceptFieldAnswer(event, person, conversation, chosen) : this.reply(event, { text: t.unknownButton() });
    }
    if (action === 'edit') {
      return this.reply(event, {
        text: t.pickField(),
        buttons: fields.map((field, index) => [{ label: textOf(field.label, locale), data: encodeButton({ kind: 'form', action: 'edit-field', value: index }) }]),
      });
    }
    if (action === 'edit-field') {
      const field = fields[value];
      if (!field) return this.reply(event, { text: t.unknownButton() });
      const updated: Conversation = { ...conversation, field: field.name, returnToSummary: true };
      await saveConversation(this.db, this.platform, event.chatId, updated);
      return this.askField(event, person, definition, updated);
    }
    // send
    const outcome = await this.options.service.submitRequest(definition.key, person, conversation.answers, `${this.platform}:${event.deliveryId}`);
    if (outcome.status === 'refused') {
      const problems = (outcome.detail?.problems ?? {}) as Record<string, string>;
      const lines = Object.entries(problems).map(([name, problem]) => `• ${textOf(fields.find((field) => field.name === name)?.label ?? name, locale)}: ${problem}`);
      await this.reply(event, { text: t.formRefused(lines.join('\n') || this.refusalText(outcome, person)) });
      return this.showSummary(event, person, definition, conversation.answers);
    }
    await clearConversation(this.db, this.platform, event.chatId);
    return this.reply(event, { text: t.submitted(outcome.instance.number) });
  }

  // ── Ordering a scheduled backup (SOP A) ─────────────────────────────────────────────────────

  private async startOrder(event: InboundEvent, person: PersonRecord): Promise<void> {
    const locale = this.localeOf(person);
    const t = this.text(locale);
    const definition = this.options.service.definitions.latestOf(this.options.orderSop);
    if (!definition) return this.reply(event, { text: t.noSop() });
    const roles = await rolesOf(this.db, person.id, this.options.service.now());
    if (definition.startedBy !== requesterRole && !roles.includes(definition.startedBy)) {
      return this.reply(event, { text: t.notAllowedToStart(roleTitle(definition, definition.startedBy, locale)) });
    }
    const outcome = await this.options.service.start(definition.key, person, `${this.platform}:${event.deliveryId}`);
    if (outcome.status === 'refused') return this.reply(event, { text: this.refusalText(outcome, person) });
    return this.reply(event, { text: t.started(outcome.instance.number, textOf(definition.title, locale)) });
  }

  // ── Decisions ──────────────────────────────────────────────────────────────────────────────

  private async tap(event: InboundEvent, person: PersonRecord, data: string): Promise<void> {
    const t = this.text(this.localeOf(person));
    const action = decodeButton(data);
    if (!action) return this.reply(event, { text: t.unknownButton() });
    if (action.kind === 'form') return this.formButton(event, person, action.action, action.value);
    if (action.kind === 'select') return this.selectButton(event, person, action.action, action.value);

    const instance = await loadInstance(this.db, action.instanceId);
    if (!instance) return this.reply(event, { text: t.refused['unknown-instance']() });
    const definition = await this.options.service.definitionOf(instance);
    const step = definition.steps[action.stepIndex];
    const choice = step?.kind === 'human' ? step.choices[action.choiceIndex] : undefined;
    if (!step || !choice) return this.reply(event, { text: t.unknownButton() });
    // Ask for targets, a medium or a reason only when the tap could succeed; otherwise let the
    // service refuse it at once (and record the attempt).
    const mayAct = instance.currentStep === step.id && (await this.options.service.mayAct(instance, person));
    if (mayAct && choice.inputs?.includes('targets')) return this.askSelection(event, person, instance, step.id, choice, 'targets');
    if (mayAct && choice.inputs?.includes('medium')) return this.askSelection(event, person, instance, step.id, choice, 'medium');
    if (mayAct && needsReason(choice)) return this.askReason(event, person, instance.id, step.id, choice, undefined);
    return this.decide(event, person, instance.id, step.id, choice.id, undefined, undefined);
  }

  private async askReason(event: InboundEvent, person: PersonRecord, instanceId: string, stepId: string, choice: ChoiceDefinition, inputs: Record<string, unknown> | undefined): Promise<void> {
    await saveConversation(this.db, this.platform, event.chatId, { kind: 'reason', instanceId, stepId, choiceId: choice.id, inputs });
    await this.reply(event, { text: this.text(this.localeOf(person)).askReason(textOf(choice.label, this.localeOf(person))) });
  }

  private async askSelection(event: InboundEvent, person: PersonRecord, instance: InstanceState, stepId: string, choice: ChoiceDefinition, what: 'targets' | 'medium'): Promise<void> {
    const t = this.text(this.localeOf(person));
    const options = what === 'targets' ? this.options.targets.map((target) => target.name) : this.options.media.map((medium) => medium.label);
    if (options.length === 0) return this.reply(event, { text: t.noOptions(what === 'targets' ? 'target' : 'media') });
    const conversation: Conversation = { kind: 'select', what, instanceId: instance.id, stepId, choiceId: choice.id, options, selected: [] };
    await saveConversation(this.db, this.platform, event.chatId, conversation);
    await this.reply(event, this.selectionMessage(person, conversation));
  }

  private selectionMessage(person: PersonRecord, conversation: Conversation & { kind: 'select' }): OutboundMessage {
    const t = this.text(this.localeOf(person));
    const describe = (name: string) => this.options.targets.find((target) => target.name === name)?.description;
    const buttons = conversation.options.map((name, index) => [{
      label: `${conversation.selected.includes(name) ? '☑' : '☐'} ${name}${describe(name) ? ` — ${describe(name)}` : ''}`,
      data: encodeButton({ kind: 'select', action: 'toggle', value: index }),
    }]);
    if (conversation.what === 'targets') buttons.push([{ label: t.selectDone(), data: encodeButton({ kind: 'select', action: 'done', value: 0 }) }]);
    buttons.push([{ label: t.cancel(), data: encodeButton({ kind: 'select', action: 'cancel', value: 0 }) }]);
    return { text: conversation.what === 'targets' ? t.selectTargets() : t.selectMedium(), buttons };
  }

  private async selectButton(event: InboundEvent, person: PersonRecord, action: string, value: number): Promise<void> {
    const t = this.text(this.localeOf(person));
    const conversation = await loadConversation(this.db, this.platform, event.chatId);
    if (conversation?.kind !== 'select') return this.reply(event, { text: t.unknownButton() });
    if (action === 'cancel') {
      await clearConversation(this.db, this.platform, event.chatId);
      return this.reply(event, { text: t.cancelled() });
    }
    let selected = conversation.selected;
    if (action === 'toggle') {
      const option = conversation.options[value];
      if (!option) return this.reply(event, { text: t.unknownButton() });
      selected = conversation.what === 'medium' ? [option] : selected.includes(option) ? selected.filter((name) => name !== option) : [...selected, option];
      if (conversation.what === 'targets') {
        const updated = { ...conversation, selected };
        await saveConversation(this.db, this.platform, event.chatId, updated);
        return this.reply(event, this.selectionMessage(person, updated));
      }
    }
    if (selected.length === 0) return this.reply(event, { text: t.selectNothing() });
    await clearConversation(this.db, this.platform, event.chatId);
    const inputs = conversation.what === 'targets' ? { targets: selected } : { medium: selected[0] };
    const instance = await loadInstance(this.db, conversation.instanceId);
    const definition = instance ? await this.options.service.definitionOf(instance) : undefined;
    const step = definition ? stepById(definition, conversation.stepId) : undefined;
    const choice = step?.kind === 'human' ? step.choices.find((candidate) => candidate.id === conversation.choiceId) : undefined;
    if (choice && needsReason(choice)) return this.askReason(event, person, conversation.instanceId, conversation.stepId, choice, inputs);
    return this.decide(event, person, conversation.instanceId, conversation.stepId, conversation.choiceId, undefined, inputs);
  }

  private async decide(event: InboundEvent, person: PersonRecord, instanceId: string, stepId: string, choiceId: string, reason: string | undefined, inputs: Record<string, unknown> | undefined): Promise<void> {
    const outcome = await this.options.service.decide({ instanceId, stepId, choiceId, person, reason, inputs, key: `${this.platform}:${event.deliveryId}` });
    if (outcome.status === 'duplicate') return;
    if (outcome.status === 'refused') return this.reply(event, { text: this.refusalText(outcome, person) });
    const definition = await this.options.service.definitionOf(outcome.instance);
    const step = stepById(definition, stepId);
    const choice = step.kind === 'human' ? step.choices.find((candidate) => candidate.id === choiceId) : undefined;
    await this.reply(event, { text: this.text(this.localeOf(person)).decisionAccepted(choice ? textOf(choice.label, this.localeOf(person)) : choiceId, outcome.instance.number) });
  }

  private refusalText(outcome: EventOutcome & { status: 'refused' }, person: PersonRecord): string {
    const locale = this.localeOf(person);
    const t = this.text(locale);
    const number = outcome.instance?.number ?? 0;
    switch (outcome.code) {
      case 'finished':
        return t.refused.finished(number);
      case 'stale-step':
        return outcome.decidedBy ? t.refused['stale-step'](outcome.decidedBy.name, formatWibDateTime(outcome.decidedBy.at)) : t.refused['stale-step-unknown']();
      case 'wrong-role': {
        const role = String(outcome.detail?.role ?? '');
        return t.refused['wrong-role'](outcome.instance ? roleTitleOf(this.options.service.definitions.latestOf(outcome.instance.definitionKey), role, locale) : role);
      }
      case 'input-required':
        return t.refused['input-required'](t.inputNames[String(outcome.detail?.input)] ?? String(outcome.detail?.input));
      default:
        return t.refused[outcome.code]();
    }
  }

  // ── Status ─────────────────────────────────────────────────────────────────────────────────

  private async showStatus(event: InboundEvent, person: PersonRecord): Promise<void> {
    const locale = this.localeOf(person);
    const t = this.text(locale);
    const instances = await listInstancesOfRequester(this.db, person.id);
    if (instances.length === 0) return this.reply(event, { text: t.statusNone() });
    const lines = await Promise.all(instances.map(async (instance) => {
      const definition = await this.options.service.definitionOf(instance);
      const step = instance.currentStep ? stepById(definition, instance.currentStep) : null;
      const where = step && step.kind !== 'end'
        ? t.statusAt(`${step.number}. ${textOf(step.title, locale)}`, roleTitle(definition, step.role, locale))
        : t.statusDone(t.outcomes[String(instance.outcome)] ?? '');
      return t.statusLine(instance.number, textOf(definition.title, locale), where);
    }));
    return this.reply(event, { text: lines.join('\n') });
  }

  private async showTrail(event: InboundEvent, person: PersonRecord, reference: string): Promise<void> {
    const locale = this.localeOf(person);
    const t = this.text(locale);
    const instance = await findInstance(this.db, this.options.service.organisationId, reference);
    if (!instance) return this.reply(event, { text: t.refused['unknown-instance']() });
    const definition = await this.options.service.definitionOf(instance);
    const trail = formatTrail(await listTrail(this.db, instance.id), definition, locale);
    return this.reply(event, { text: [t.trailTitle(textOf(definition.title, locale), instance.number), ...trail].join('\n') });
  }

  private async showPendingCards(event: InboundEvent, person: PersonRecord): Promise<void> {
    const pending = await this.options.service.pendingFor(person);
    if (pending.length === 0) return this.reply(event, { text: this.text(this.localeOf(person)).tasksNone() });
    for (const instance of pending) await this.sendCard(event.chatId, person, instance);
  }

  // ── Effects: cards and notices ─────────────────────────────────────────────────────────────

  /** Delivers the chat side of a transition's effects on this platform. */
  async deliver(instance: InstanceState, effects: Effect[], definition: WorkflowDefinition): Promise<void> {
    for (const effect of effects) {
      if (effect.type === 'request-decision') await this.requestDecision(instance, definition, effect.role);
      else if (effect.type === 'close-cards') await this.closeCards(instance, definition, effect.stepId, effect.choiceId, effect.actorName, effect.at);
      else if (effect.type === 'inform-requester') await this.informRequester(instance, definition, effect.stepId);
      else if (effect.type === 'announce') await this.announce(instance, definition, effect.milestone, effect.stepId);
      else if (effect.type === 'finished') await this.notifyFinished(instance);
    }
  }

  /**
   * Posts a document (a rendered PDF) to the people a run concerns on this platform: its
   * requester, the holders of some roles, and the institution's channel.
   */
  async postDocument(instance: InstanceState, document: OutboundDocument, to: { requester?: boolean; roles?: string[]; channel?: boolean }): Promise<void> {
    const people = [
      ...(to.requester ? await this.recipients(instance, requesterRole) : []),
      ...(await Promise.all((to.roles ?? []).map((role) => this.recipients(instance, role)))).flat(),
    ];
    const chatIds = new Set(people.map((person) => this.options.chatIdOf(person)).filter((id): id is string => id !== null));
    if (to.channel && this.options.channelId) chatIds.add(this.options.channelId);
    await this.eachRecipient([...chatIds].map((chatId) => [chatId, () => this.options.port.sendDocument(chatId, document)]), `${document.filename}`);
  }

  /**
   * Shows a running task's progress to the holders of `role` as one message per person, edited in
   * place. Edits of one message are at most one per `progressEditIntervalMs` (platform limits) and
   * skipped when the text did not change; `final` always goes out.
   */
  async reportProgress(instance: InstanceState, stepId: string, role: string, text: string, final = false): Promise<void> {
    const existing = await messagesOfStep(this.db, this.platform, instance.id, stepId, 'progress');
    for (const person of await this.recipients(instance, role)) {
      const chatId = this.options.chatIdOf(person);
      if (!chatId) continue;
      const message = existing.find((candidate) => candidate.chatId === chatId);
      if (!message) {
        const sent = await this.options.port.send(chatId, { text });
        await rememberMessage(this.db, { platform: this.platform, chatId, messageId: sent.messageId, instanceId: instance.id, stepId, purpose: 'progress' });
        this.lastProgress.set(sent.messageId, { text, at: Date.now() });
        continue;
      }
      const last = this.lastProgress.get(message.messageId);
      if (last?.text === text) continue;
      if (!final && last && Date.now() - last.at < progressEditIntervalMs) continue;
      await this.options.port.edit(message, { text });
      this.lastProgress.set(message.messageId, { text, at: Date.now() });
    }
  }

  private readonly lastProgress = new Map<string, { text: string; at: number }>();

  private async recipients(instance: InstanceState, role: string): Promise<PersonRecord[]> {
    if (role === requesterRole) {
      const requester = instance.requesterId ? await this.options.service.person(instance.requesterId) : null;
      return requester ? [requester] : [];
    }
    return holdersOfRole(this.db, instance.organisationId, role, this.options.service.now());
  }

  private async requestDecision(instance: InstanceState, definition: WorkflowDefinition, role: string): Promise<void> {
    const people = await this.recipients(instance, role);
    await this.eachRecipient(people.map((person) => [this.options.chatIdOf(person), (chatId: string) => this.sendCard(chatId, person, instance, definition)]), `cards of #${instance.number}`);
  }

  /**
   * Sends to every recipient at once and lets the port pace the platform; one recipient who
   * cannot be reached (never opened the bot, blocked it) does not stop the others.
   */
  private async eachRecipient(sends: Array<[string | null, (chatId: string) => Promise<unknown>]>, what: string): Promise<void> {
    const results = await Promise.allSettled(sends.filter(([chatId]) => chatId !== null).map(([chatId, send]) => send(chatId!)));
    for (const result of results) {
      if (result.status === 'rejected') (this.options.log ?? console.error)(`cadang: delivering ${what} on ${this.platform} failed for one recipient`, result.reason);
    }
  }

  private async sendCard(chatId: string, person: PersonRecord, instance: InstanceState, known?: WorkflowDefinition): Promise<void> {
    const definition = known ?? (await this.options.service.definitionOf(instance));
    const card = await renderCard(this.options.service, definition, instance, this.localeOf(person));
    const sent = await this.options.port.send(chatId, card);
    await rememberMessage(this.db, { platform: this.platform, chatId, messageId: sent.messageId, instanceId: instance.id, stepId: instance.currentStep!, purpose: 'card' });
  }

  private async closeCards(instance: InstanceState, definition: WorkflowDefinition, stepId: string, choiceId: string | null, actorName: string | null, at: Date): Promise<void> {
    const cards = await messagesOfStep(this.db, this.platform, instance.id, stepId, 'card');
    const step = stepById(definition, stepId);
    const choice = step.kind === 'human' ? step.choices.find((candidate) => candidate.id === choiceId) : undefined;
    const locale = this.options.service.locale;
    const decided = renderDecidedCard(definition, instance, stepId, choice ? textOf(choice.label, locale) : '', actorName ?? '', formatWibDateTime(at), locale);
    await this.eachRecipient(cards.map((card) => [card.chatId, () => this.options.port.edit(card, decided)]), `decided cards of #${instance.number}`);
    await forgetMessages(this.db, cards.map((card) => card.id));
  }

  private async informRequester(instance: InstanceState, definition: WorkflowDefinition, stepId: string): Promise<void> {
    const requester = instance.requesterId ? await this.options.service.person(instance.requesterId) : null;
    const chatId = requester ? this.options.chatIdOf(requester) : null;
    if (!requester || !chatId) return;
    const locale = this.localeOf(requester);
    const decision = await findDecision(this.db, instance.id, stepId);
    const step = stepById(definition, stepId);
    const choice = step.kind === 'human' ? step.choices.find((candidate) => candidate.id === decision?.choice) : undefined;
    await this.options.port.send(chatId, {
      text: this.text(locale).informRequester(instance.number, step.kind === 'end' ? '' : roleTitle(definition, step.role, locale), choice ? textOf(choice.label, locale) : (decision?.choice ?? ''), decision?.reason ?? ''),
    });
  }

  private async announce(instance: InstanceState, definition: WorkflowDefinition, milestone: Milestone, stepId: string): Promise<void> {
    if (!this.options.channelId) return;
    const locale = this.options.service.locale;
    const t = this.text(locale).announce;
    const title = textOf(definition.title, locale);
    const decision = await findDecision(this.db, instance.id, stepId);
    const step = stepById(definition, stepId);
    const stepName = stepTitle(step, locale);
    const label = step.kind === 'human' ? textOf(step.choices.find((choice) => choice.id === decision?.choice)?.label ?? '-', locale) : (decision?.choice ?? '');
    const text = milestone === 'received' ? t.received(title, instance.number, decision?.actorName ?? '')
      : milestone === 'decided' ? t.decided(title, instance.number, stepName, label, decision?.actorName ?? '')
      : milestone === 'task-started' ? t['task-started'](title, instance.number, stepName)
      : milestone === 'task-finished' ? t['task-finished'](title, instance.number, stepName, decision?.choice ?? '')
      : t.finished(title, instance.number, this.text(locale).outcomes[String(instance.outcome)] ?? '');
    await this.options.port.send(this.options.channelId, { text });
  }

  private async notifyFinished(instance: InstanceState): Promise<void> {
    const requester = instance.requesterId ? await this.options.service.person(instance.requesterId) : null;
    const chatId = requester ? this.options.chatIdOf(requester) : null;
    if (!requester || !chatId) return;
    const t = this.text(this.localeOf(requester));
    await this.options.port.send(chatId, { text: t.finished(instance.number, t.outcomes[String(instance.outcome)] ?? '') });
  }
}

function roleTitleOf(definition: WorkflowDefinition | undefined, role: string, locale: Locale): string {
  return definition ? roleTitle(definition, role, locale) : role;
}
