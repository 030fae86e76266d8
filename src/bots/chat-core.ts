import type { Locale } from '../i18n/messages.js';
import type { PersonRecord } from '../service/directory.js';
import { presentMedia, type StorageMediumConfig } from '../service/media.js';
import type { EventOutcome, WorkflowService } from '../service/workflow-service.js';
import { actorName, formatTrail } from '../service/trail-format.js';
import { requesterRole, type ChoiceDefinition, type FormField, type WorkflowDefinition } from '../workflow/definition-schema.js';
import { needsReason, stepById } from '../workflow/engine.js';
import { formatFieldValue, parseFieldAnswer, textOf } from '../workflow/form-fields.js';
import type { InstanceState } from '../workflow/types.js';
import { formatWibDate, formatWibDateTime } from '../workflow/wib.js';
import { decodeButton, encodeButton, newFormId } from './callback-data.js';
import { roleTitle } from './cards.js';
import type { ChatNotifier } from './chat-notifier.js';
import { clearConversation, loadConversation, saveConversation, type Conversation } from './conversation.js';
import { chatMessages } from './messages.js';
import { handleScheduleCommand } from './schedule-commands.js';
import type { Button, ChatPort, InboundEvent, OutboundMessage } from './port.js';

export interface ChatCoreOptions {
  service: WorkflowService;
  port: ChatPort;
  /** The same platform's outbound side: `/tugas` shows cards through it. */
  notifier: ChatNotifier;
  /** Finds the person behind an update (by Telegram/Slack id, or the terminal's chosen identity). */
  resolvePerson(event: InboundEvent): Promise<PersonRecord | null>;
  satker: string[];
  /** Registered targets; names and aliases (and folders) pre-select those a request names. */
  targets: Array<{ name: string; description?: string | undefined; aliases?: string[] | undefined; include?: string[] | undefined }>;
  media: StorageMediumConfig[];
  /** The SOP `/backup` starts (requested backup) and the one `/perintah` starts (scheduled backup). */
  requestSop: string;
  orderSop: string;
  /** Lines the platform adds to /bantuan for its own commands (Telegram's /daftar). */
  extraHelp?: string[] | undefined;
  /** The names of the platform's own commands (the terminal's /as, Telegram's /daftar): commands even while a question is open. */
  extraCommands?: string[] | undefined;
  /** Platform-specific commands (the terminal's /as); return true when handled. */
  extraCommand?: ((event: InboundEvent & { type: 'text' }, person: PersonRecord | null, command: string, args: string) => Promise<boolean>) | undefined;
}

/** The commands every platform knows; a platform adds its own through `extraCommands`. */
const coreCommands = ['/start', '/help', '/bantuan', '/backup', '/perintah', '/tugas', '/status', '/batal', '/jadwal'];

/** Cards `/tugas` shows at once; the rest follow on request. */
const cardsPerPage = 10;

/**
 * The chat core's inbound side: turns inbound events (commands, form answers, selections, taps)
 * into workflow decisions and replies. Written against the ChatPort only, so every platform
 * behaves the same; what a decision causes (the next cards, notices) is the notifier's, through
 * the outbox.
 */
export class ChatCore {
  /** This process's mark on the conversations it saves (see resumeAfterRestart). */
  private readonly session = newFormId();

  constructor(private readonly options: ChatCoreOptions) {}

  private get db() {
    return this.options.service.directory.chatState;
  }

  private get directory() {
    return this.options.service.directory;
  }

  get platform() {
    return this.options.port.platform;
  }

  /** Handles one inbound update. Errors are the adapter's to catch and explain. */
  async handle(event: InboundEvent): Promise<void> {
    const person = await this.options.resolvePerson(event);
    const isCommand = event.type === 'text' && event.text.trim().startsWith('/');
    const resumed = person ? await this.resumeAfterRestart(event, person, isCommand) : null;
    if (resumed === 'asked') return;
    await this.route(event, person);
    if (resumed && person) {
      const still = await loadConversation(this.db, this.platform, event.chatId);
      if (still) {
        await this.reply(event, { text: this.text(this.localeOf(person)).resumed() });
        await this.askAgain(event, person, still);
      }
    }
  }

  private async route(event: InboundEvent, person: PersonRecord | null): Promise<void> {
    if (event.type === 'text' && event.text.trim().startsWith('/')) {
      const [rawCommand = '', ...rest] = event.text.trim().split(/\s+/);
      const command = rawCommand.toLowerCase().replace(/@.*$/, '');
      // While a question is open, only known commands are commands: "/var/www/simpeg" is a folder.
      if (person && !this.isKnownCommand(command) && (await this.questionOpen(event))) return this.answer(event, person, event.text);
      if (this.options.extraCommand && (await this.options.extraCommand(event, person, command, rest.join(' ')))) return;
      if (!person) return this.reply(event, { text: this.text(this.options.service.locale).unknownUser() });
      return this.command(event, person, command, rest.join(' '));
    }
    if (!person) return this.reply(event, { text: this.text(this.options.service.locale).unknownUser() });
    if (event.type === 'text') return this.answer(event, person, event.text);
    return this.tap(event, person, event.data);
  }

  private isKnownCommand(command: string): boolean {
    return coreCommands.includes(command) || (this.options.extraCommands ?? []).includes(command);
  }

  /** Whether the chat waits for a typed answer (a form question or a reason). */
  private async questionOpen(event: InboundEvent): Promise<boolean> {
    const conversation = await loadConversation(this.db, this.platform, event.chatId);
    return (conversation?.kind === 'form' && conversation.field !== null) || conversation?.kind === 'reason';
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

  /** Refuses a tap (not the tapper's choice, a stale button): next to it and only for the tapper where the platform can. */
  private async refuse(event: InboundEvent, message: OutboundMessage): Promise<void> {
    if (event.type === 'button' && this.options.port.refuseTap) return this.options.port.refuseTap(event, message);
    return this.reply(event, message);
  }

  private async save(chatId: string, conversation: Conversation): Promise<void> {
    await saveConversation(this.db, this.platform, chatId, { ...conversation, session: this.session });
  }

  /**
   * After a restart the person may not remember what was asked: the first time they write (or
   * tap) again, the open question is asked again; a command is carried out first.
   */
  private async resumeAfterRestart(event: InboundEvent, person: PersonRecord, isCommand: boolean): Promise<'asked' | 'after' | null> {
    const conversation = await loadConversation(this.db, this.platform, event.chatId);
    if (!conversation || conversation.session === this.session) return null;
    await this.save(event.chatId, conversation);
    const formTap = event.type === 'button' && ['form', 'select'].includes(decodeButton(event.data)?.kind ?? '');
    // /backup and /batal speak about the form themselves; other commands and card taps go first.
    if (isCommand && event.type === 'text' && /^\/(backup|batal)\b/i.test(event.text.trim())) return null;
    if (isCommand || (event.type === 'button' && !formTap)) return 'after';
    await this.reply(event, { text: this.text(this.localeOf(person)).resumed() });
    await this.askAgain(event, person, conversation);
    return 'asked';
  }

  /** Asks the open question of a conversation again (with fresh buttons). */
  private async askAgain(event: InboundEvent, person: PersonRecord, conversation: Conversation): Promise<void> {
    if (conversation.kind === 'reason') return this.askReasonAgain(event, person, conversation);
    if (conversation.kind === 'select') return this.reply(event, await this.selectionMessage(person, conversation));
    const definition = this.options.service.definitions.latestOf(conversation.definitionKey);
    if (!definition?.form) return;
    if (conversation.field === null) return this.showSummary(event, person, definition, conversation.answers, conversation.formId);
    return this.askField(event, person, definition, conversation);
  }

  private async command(event: InboundEvent, person: PersonRecord, command: string, args: string): Promise<void> {
    const t = this.text(this.localeOf(person));
    switch (command) {
      case '/start':
      case '/help':
      case '/bantuan':
        return this.reply(event, { text: [t.help(this.platform === 'console'), ...(this.options.extraHelp ?? [])].join('\n') });
      case '/backup': {
        const open = await loadConversation(this.db, this.platform, event.chatId);
        if (open?.kind !== 'form') return this.startForm(event, person);
        return this.reply(event, {
          text: t.formInProgress(Object.keys(open.answers).length),
          buttons: [[
            { label: t.resume(), data: encodeButton({ kind: 'form', form: open.formId, action: 'resume', value: 0 }) },
            { label: t.restart(), data: encodeButton({ kind: 'form', form: open.formId, action: 'restart', value: 0 }) },
          ]],
        });
      }
      case '/perintah':
        return this.startOrder(event, person);
      case '/tugas':
        return this.showPendingCards(event, person, args);
      case '/jadwal': return handleScheduleCommand(this.options.service, person, args, this.localeOf(person), (message) => this.reply(event, message));
      case '/status':
        return args ? this.showTrail(event, person, args) : this.showStatus(event, person);
      case '/batal':
        if (/^#?\d+$/.test(args.trim())) return this.cancelJob(event, person, args.trim());
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
    const conversation: Conversation = { kind: 'form', formId: newFormId(), definitionKey: definition.key, answers: {}, field: definition.form.fields[0]!.name, returnToSummary: false };
    await this.save(event.chatId, conversation);
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
      this.options.satker.forEach((name, i) => buttons.push([{ label: name, data: encodeButton({ kind: 'form', form: conversation.formId, action: 'pick', value: i }) }]));
    } else if (suggestion) {
      buttons.push([{ label: t.useDefault(formatFieldValue(field, suggestion)), data: encodeButton({ kind: 'form', form: conversation.formId, action: 'use-default', value: index }) }]);
    }
    const sent = await this.options.port.send(event.chatId, { text: t.askField(index + 1, fields.length, textOf(field.label, locale), !field.required), buttons });
    if (buttons.length > 0) await this.save(event.chatId, { ...conversation, questionMessageId: sent.messageId });
  }

  /** A typed answer: a form field, a reason, or nothing in progress. */
  private async answer(event: InboundEvent, person: PersonRecord, text: string): Promise<void> {
    const t = this.text(this.localeOf(person));
    const conversation = await loadConversation(this.db, this.platform, event.chatId);
    if (!conversation) return text.trim() === '' ? undefined : this.reply(event, { text: t.noConversation() });
    if (text.trim() === '' && (conversation.kind === 'reason' || (conversation.kind === 'form' && conversation.field !== null))) {
      await this.reply(event, { text: t.emptyAnswer() });
      if (conversation.kind === 'reason') return this.askReasonAgain(event, person, conversation);
      const definition = this.options.service.definitions.latestOf(conversation.definitionKey);
      return definition?.form ? this.askField(event, person, definition, conversation) : undefined;
    }
    if (conversation.kind === 'form' && conversation.field === null) {
      // At the summary a typed line answers nothing: say so and show the summary's buttons again.
      await this.reply(event, { text: t.useSummaryButtons() });
      return this.askAgain(event, person, conversation);
    }
    if (conversation.kind === 'form') {
      // A typed answer closes the question as a tap would: its buttons go.
      if (conversation.questionMessageId) await this.options.port.removeButtons?.(event.chatId, conversation.questionMessageId);
      return this.acceptFieldAnswer(event, person, { ...conversation, questionMessageId: undefined }, text);
    }
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
    await this.save(event.chatId, updated);
    if (next) return this.askField(event, person, definition, updated);
    return this.showSummary(event, person, definition, answers, updated.formId);
  }

  private async showSummary(event: InboundEvent, person: PersonRecord, definition: WorkflowDefinition, answers: Record<string, string>, formId: string): Promise<void> {
    const locale = this.localeOf(person);
    const t = this.text(locale);
    const lines = definition.form!.fields.map((field) => `• ${textOf(field.label, locale)}: ${answers[field.name] ? formatFieldValue(field, answers[field.name]!) : '-'}`);
    const nip = definition.form!.fields.find((field) => field.type === 'nip');
    if (nip && answers[nip.name] && answers[nip.name] !== person.nip) lines.push('', t.filedFor(person.name, answers.nama ?? answers[nip.name]!));
    await this.reply(event, {
      text: [t.summaryTitle(), ...lines, '', t.summaryFooter()].join('\n'),
      buttons: [[
        { label: t.send(), data: encodeButton({ kind: 'form', form: formId, action: 'send', value: 0 }) },
        { label: t.edit(), data: encodeButton({ kind: 'form', form: formId, action: 'edit', value: 0 }) },
        { label: t.cancel(), data: encodeButton({ kind: 'form', form: formId, action: 'cancel', value: 0 }) },
      ]],
    });
  }

  private async formButton(event: InboundEvent, person: PersonRecord, formId: string, action: string, value: number): Promise<void> {
    const locale = this.localeOf(person);
    const t = this.text(locale);
    const conversation = await loadConversation(this.db, this.platform, event.chatId);
    const definition = conversation?.kind === 'form' ? this.options.service.definitions.latestOf(conversation.definitionKey) : undefined;
    if (conversation?.kind !== 'form' || conversation.formId !== formId || !definition?.form) return this.refuse(event, { text: t.unknownButton() });
    const fields = definition.form.fields;
    if (action === 'cancel') {
      await clearConversation(this.db, this.platform, event.chatId);
      return this.reply(event, { text: t.cancelled() });
    }
    if (action === 'resume') return this.askAgain(event, person, conversation);
    if (action === 'restart') return this.startForm(event, person);
    if (action === 'use-default' || action === 'pick') {
      const field = fields.find((candidate) => candidate.name === conversation.field);
      // A button left over from an earlier question must not answer the current one.
      const stale = action === 'use-default' ? fields[value] !== field : field?.type !== 'satker';
      if (!field || stale) return this.refuse(event, { text: t.unknownButton() });
      const chosen = action === 'pick' ? this.options.satker[value] : conversation.answers[field.name] || this.defaultFor(field, person);
      return chosen ? this.acceptFieldAnswer(event, person, conversation, chosen) : this.refuse(event, { text: t.unknownButton() });
    }
    if (action === 'edit') {
      return this.reply(event, {
        text: t.pickField(),
        buttons: fields.map((field, index) => [{ label: textOf(field.label, locale), data: encodeButton({ kind: 'form', form: conversation.formId, action: 'edit-field', value: index }) }]),
      });
    }
    if (action === 'edit-field') {
      const field = fields[value];
      if (!field) return this.refuse(event, { text: t.unknownButton() });
      const updated: Conversation = { ...conversation, field: field.name, returnToSummary: true };
      await this.save(event.chatId, updated);
      return this.askField(event, person, definition, updated);
    }
    // send
    const outcome = await this.options.service.submitRequest(definition.key, person, conversation.answers, `${this.platform}:${event.deliveryId}`);
    if (outcome.status === 'refused') {
      const problems = (outcome.detail?.problems ?? {}) as Record<string, string>;
      const lines = Object.entries(problems).map(([name, problem]) => `• ${textOf(fields.find((field) => field.name === name)?.label ?? name, locale)}: ${problem}`);
      await this.reply(event, { text: t.formRefused(lines.join('\n') || this.refusalText(outcome, person)) });
      return this.showSummary(event, person, definition, conversation.answers, conversation.formId);
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
    const roles = await this.directory.rolesOf(person.id);
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
    if (!action) return this.refuse(event, { text: t.unknownButton() });
    if (action.kind === 'form') return this.formButton(event, person, action.form, action.action, action.value);
    if (action.kind === 'select') return this.selectButton(event, person, action.form, action.action, action.value);
    if (action.kind === 'cancel-job') return this.cancelJob(event, person, action.instanceId);

    const instance = await this.directory.run(action.instanceId);
    if (!instance) return this.refuse(event, { text: t.refused['unknown-instance']() });
    const definition = await this.options.service.definitionOf(instance);
    const step = definition.steps[action.stepIndex];
    const choice = step?.kind === 'human' ? step.choices[action.choiceIndex] : undefined;
    if (!step || !choice) return this.refuse(event, { text: t.unknownButton() });
    // Ask for targets, a medium or a reason only when the tap could succeed; otherwise let the
    // service refuse it at once (and record the attempt).
    const mayAct = instance.currentStep === step.id && (await this.options.service.mayAct(instance, person));
    if (mayAct && choice.inputs?.includes('targets')) return this.askSelection(event, person, instance, step.id, choice, 'targets');
    if (mayAct && choice.inputs?.includes('medium')) return this.askSelection(event, person, instance, step.id, choice, 'medium');
    if (mayAct && needsReason(choice)) return this.askReason(event, person, instance.id, step.id, choice, undefined);
    return this.decide(event, person, instance.id, step.id, choice.id, undefined, undefined);
  }

  private async askReasonAgain(event: InboundEvent, person: PersonRecord, conversation: Conversation & { kind: 'reason' }): Promise<void> {
    const instance = await this.directory.run(conversation.instanceId);
    const definition = instance ? await this.options.service.definitionOf(instance) : undefined;
    const step = definition ? stepById(definition, conversation.stepId) : undefined;
    const choice = step?.kind === 'human' ? step.choices.find((candidate) => candidate.id === conversation.choiceId) : undefined;
    if (choice) await this.reply(event, { text: this.text(this.localeOf(person)).askReason(textOf(choice.label, this.localeOf(person))) });
  }

  private async askReason(event: InboundEvent, person: PersonRecord, instanceId: string, stepId: string, choice: ChoiceDefinition, inputs: Record<string, unknown> | undefined): Promise<void> {
    await this.save(event.chatId, { kind: 'reason', instanceId, stepId, choiceId: choice.id, inputs });
    await this.reply(event, { text: this.text(this.localeOf(person)).askReason(textOf(choice.label, this.localeOf(person))) });
  }

  private async askSelection(event: InboundEvent, person: PersonRecord, instance: InstanceState, stepId: string, choice: ChoiceDefinition, what: 'targets' | 'medium'): Promise<void> {
    const t = this.text(this.localeOf(person));
    const options = what === 'targets' ? this.options.targets.map((target) => target.name) : this.options.media.map((medium) => medium.label);
    if (options.length === 0) return this.reply(event, { text: t.noOptions(what === 'targets' ? 'target' : 'media') });
    const selected = what === 'targets' ? this.preselectedTargets(instance) : [];
    const conversation: Conversation = { kind: 'select', formId: newFormId(), what, instanceId: instance.id, stepId, choiceId: choice.id, options, selected };
    await this.save(event.chatId, conversation);
    await this.reply(event, await this.selectionMessage(person, conversation));
  }

  /**
   * The targets to tick at first: the earlier picks when the step comes back (a returned step),
   * else those whose name, alias or folder is the request's server, application or folder.
   */
  private preselectedTargets(instance: InstanceState): string[] {
    const known = this.options.targets.map((target) => target.name);
    const earlier = instance.data.targets.filter((name) => known.includes(name));
    if (earlier.length > 0) return earlier;
    const normalise = (text: string) => text.trim().toLowerCase().replace(/\/+$/, '');
    const asked = ['nama_server', 'nama_aplikasi', 'nama_folder'].map((name) => normalise(instance.data.form[name] ?? '')).filter((text) => text !== '' && text !== '-');
    return this.options.targets
      .filter((target) => [target.name, ...(target.aliases ?? []), ...(target.include ?? [])].some((name) => asked.includes(normalise(name))))
      .map((target) => target.name);
  }

  private async selectionMessage(person: PersonRecord, conversation: Conversation & { kind: 'select' }): Promise<OutboundMessage> {
    const t = this.text(this.localeOf(person));
    const present = conversation.what === 'medium' ? await presentMedia(this.options.media) : new Set<string>();
    const describe = (name: string) => conversation.what === 'medium'
      ? (present.has(name) ? t.mediumPresent() : t.mediumAbsent())
      : this.options.targets.find((target) => target.name === name)?.description;
    const buttons = conversation.options.map((name, index) => [{
      label: `${conversation.selected.includes(name) ? '☑' : '☐'} ${name}${describe(name) ? ` — ${describe(name)}` : ''}`,
      data: encodeButton({ kind: 'select', form: conversation.formId, action: 'toggle', value: index }),
    }]);
    if (conversation.what === 'targets') buttons.push([{ label: t.selectDone(), data: encodeButton({ kind: 'select', form: conversation.formId, action: 'done', value: 0 }) }]);
    buttons.push([{ label: t.cancel(), data: encodeButton({ kind: 'select', form: conversation.formId, action: 'cancel', value: 0 }) }]);
    return { text: conversation.what === 'targets' ? t.selectTargets() : t.selectMedium(), buttons };
  }

  private async selectButton(event: InboundEvent, person: PersonRecord, formId: string, action: string, value: number): Promise<void> {
    const t = this.text(this.localeOf(person));
    const conversation = await loadConversation(this.db, this.platform, event.chatId);
    if (conversation?.kind !== 'select' || conversation.formId !== formId) return this.refuse(event, { text: t.unknownButton() });
    if (action === 'cancel') {
      await clearConversation(this.db, this.platform, event.chatId);
      return this.reply(event, { text: t.cancelled() });
    }
    let selected = conversation.selected;
    if (action === 'toggle') {
      const option = conversation.options[value];
      if (!option) return this.refuse(event, { text: t.unknownButton() });
      selected = conversation.what === 'medium' ? [option] : selected.includes(option) ? selected.filter((name) => name !== option) : [...selected, option];
      if (conversation.what === 'targets') {
        const updated = { ...conversation, selected };
        await this.save(event.chatId, updated);
        return this.reply(event, await this.selectionMessage(person, updated));
      }
    }
    if (selected.length === 0) return this.reply(event, { text: t.selectNothing() });
    await clearConversation(this.db, this.platform, event.chatId);
    const inputs = conversation.what === 'targets' ? { targets: selected } : { medium: selected[0] };
    const instance = await this.directory.run(conversation.instanceId);
    const definition = instance ? await this.options.service.definitionOf(instance) : undefined;
    const step = definition ? stepById(definition, conversation.stepId) : undefined;
    const choice = step?.kind === 'human' ? step.choices.find((candidate) => candidate.id === conversation.choiceId) : undefined;
    if (choice && needsReason(choice)) return this.askReason(event, person, conversation.instanceId, conversation.stepId, choice, inputs);
    return this.decide(event, person, conversation.instanceId, conversation.stepId, conversation.choiceId, undefined, inputs);
  }

  private async decide(event: InboundEvent, person: PersonRecord, instanceId: string, stepId: string, choiceId: string, reason: string | undefined, inputs: Record<string, unknown> | undefined): Promise<void> {
    const outcome = await this.options.service.decide({ instanceId, stepId, choiceId, person, reason, inputs, key: `${this.platform}:${event.deliveryId}` });
    if (outcome.status === 'duplicate') return;
    if (outcome.status === 'refused') return this.refuse(event, { text: this.refusalText(outcome, person) });
    const definition = await this.options.service.definitionOf(outcome.instance);
    const step = stepById(definition, stepId);
    const choice = step.kind === 'human' ? step.choices.find((candidate) => candidate.id === choiceId) : undefined;
    await this.reply(event, { text: this.text(this.localeOf(person)).decisionAccepted(choice ? textOf(choice.label, this.localeOf(person)) : choiceId, outcome.instance.number) });
  }

  /** The sentence a refused event gets, in the person's language (the Slack adapter answers with it too). */
  refusalText(outcome: EventOutcome & { status: 'refused' }, person: PersonRecord): string {
    const locale = this.localeOf(person);
    const t = this.text(locale);
    const number = outcome.instance?.number ?? 0;
    switch (outcome.code) {
      case 'finished':
        return t.refused.finished(number);
      case 'stale-step':
        return outcome.decidedBy
          ? t.refused['stale-step'](outcome.decidedBy.system ? actorName({ actorName: null, actorRole: 'system' }, locale) : outcome.decidedBy.name, formatWibDateTime(outcome.decidedBy.at))
          : t.refused['stale-step-unknown']();
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

  /** The cancel button on a progress message, or `/batal N`: stops the run's running backup. */
  private async cancelJob(event: InboundEvent, person: PersonRecord, reference: string): Promise<void> {
    const t = this.text(this.localeOf(person));
    const instance = await this.visibleRun(reference, person);
    if (!instance) return this.refuse(event, { text: t.refused['unknown-instance']() });
    const result = await this.options.service.cancelJobs(instance, person, `${this.platform}:${event.deliveryId}`);
    const answer = { text: t.cancelJob[result](instance.number) };
    return result === 'cancelling' ? this.reply(event, answer) : this.refuse(event, answer);
  }

  // ── Status ─────────────────────────────────────────────────────────────────────────────────

  private async showStatus(event: InboundEvent, person: PersonRecord): Promise<void> {
    const locale = this.localeOf(person);
    const t = this.text(locale);
    const instances = await this.directory.runsOfRequester(person.id);
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

  /** A run by reference, or null when it does not exist or the person may not see it (the same answer). */
  private async visibleRun(reference: string, person: PersonRecord): Promise<InstanceState | null> {
    const instance = await this.directory.findRun(reference);
    return instance && (await this.options.service.mayRead(instance, person, this.options.notifier.adminRoles)) ? instance : null;
  }

  private async showTrail(event: InboundEvent, person: PersonRecord, reference: string): Promise<void> {
    const locale = this.localeOf(person);
    const t = this.text(locale);
    const instance = await this.visibleRun(reference, person);
    if (!instance) return this.reply(event, { text: t.refused['unknown-instance']() });
    const definition = await this.options.service.definitionOf(instance);
    const trail = formatTrail(await this.directory.trail(instance.id), definition, locale);
    return this.reply(event, { text: [t.trailTitle(textOf(definition.title, locale), instance.number), ...trail].join('\n') });
  }

  /** The person's waiting cards, a page at a time ("/tugas", then "/tugas lagi" after the last shown number). */
  private async showPendingCards(event: InboundEvent, person: PersonRecord, args = ''): Promise<void> {
    const t = this.text(this.localeOf(person));
    const after = /^\d+$/.test(args.trim()) ? Number(args.trim()) : undefined;
    const page = await this.options.service.pendingFor(person, { after, take: cardsPerPage + 1 });
    if (page.length === 0) return this.reply(event, { text: after === undefined ? t.tasksNone() : t.tasksNoMore() });
    for (const instance of page.slice(0, cardsPerPage)) await this.options.notifier.sendCard(event.chatId, person, instance);
    if (page.length > cardsPerPage) await this.reply(event, { text: t.tasksMore(page[cardsPerPage - 1]!.number) });
  }
}

function roleTitleOf(definition: WorkflowDefinition | undefined, role: string, locale: Locale): string {
  return definition ? roleTitle(definition, role, locale) : role;
}
