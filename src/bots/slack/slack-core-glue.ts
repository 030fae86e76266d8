/**
 * THE ONE PLACE where the Slack adapter calls into the chat core, the notifier and the workflow
 * service. Everything else in src/bots/slack is Slack's own (Bolt, Block Kit, modals, the port).
 * Stored data is reached only through `service.directory`.
 */
import type { types } from '@slack/bolt';
import type { CadangConfig } from '../../config/schema.js';
import type { Locale } from '../../i18n/messages.js';
import type { PersonRecord } from '../../service/directory.js';
import type { EventOutcome, WorkflowService } from '../../service/workflow-service.js';
import { needsReason, stepById } from '../../workflow/engine.js';
import { textOf } from '../../workflow/form-fields.js';
import { formatWibDate, formatWibDateTime } from '../../workflow/wib.js';
import { decodeButton } from '../callback-data.js';
import { roleTitle, stepTitle } from '../cards.js';
import { ChatCore } from '../chat-core.js';
import { ChatNotifier } from '../chat-notifier.js';
import { chatMessages } from '../messages.js';
import type { InboundEvent } from '../port.js';
import { truncate } from './blocks.js';
import { slackMessages } from './messages.js';
import { buildDecisionModal, buildFormModal, decisionMetadataSchema, formMetadataSchema, readDecision, readFormAnswers, reasonBlock, validateForm, type DecisionMetadata, type ViewStateValues } from './modals.js';
import type { SlackPort } from './slack-port.js';

export interface SlackCoreGlueOptions {
  service: WorkflowService;
  port: SlackPort;
  config: CadangConfig;
  requestSop: string;
  orderSop: string;
  /** Holders of these roles hear about effects that keep failing and documents nobody received. */
  adminRoles: string[];
  log: (message: string, error: unknown) => void;
}

/** Where a decision's answer goes: the person's DM, and the channel the tap came from (for ephemeral refusals). */
export interface DecisionOrigin {
  userId: string;
  channelId: string | undefined;
}

export type CheckedSubmission<T> = { ok: true; value: T } | { ok: false; errors: Record<string, string> };

export class SlackCoreGlue {
  /** The inbound side of this platform's chat (text commands, form and selection buttons). */
  readonly core: ChatCore;
  /** The outbound side: cards, decided cards, notices, documents, progress (the DM is opened by the port). */
  readonly notifier: ChatNotifier;
  private readonly service: WorkflowService;

  constructor(private readonly options: SlackCoreGlueOptions) {
    this.service = options.service;
    const { config, service, port } = options;
    this.notifier = new ChatNotifier({
      service,
      port,
      // A Slack user id is their DM's chat id: the port opens the conversation.
      chatIdOf: (person) => service.directory.accountOf(person.id, 'slack'),
      channelId: config.slack.channelId,
      adminRoles: options.adminRoles,
      log: options.log,
    });
    this.core = new ChatCore({
      service,
      port,
      notifier: this.notifier,
      resolvePerson: (event) => this.person(event.userId),
      satker: config.satker,
      targets: config.backup.targets,
      media: config.backup.media,
      requestSop: options.requestSop,
      orderSop: options.orderSop,
      extraHelp: [slackMessages(service.locale).helpSlack()],
    });
  }

  /** The person behind a Slack user id, or null when the account is not linked. */
  person(userId: string): Promise<PersonRecord | null> {
    return this.service.directory.personByAccount('slack', userId);
  }

  localeOf(person: PersonRecord | null): Locale {
    return person?.locale === 'en' ? 'en' : person?.locale === 'id' ? 'id' : this.service.locale;
  }

  /** A text command (`/backup tugas` → `/tugas`) or a non-decision tap: the chat core handles it. */
  handle(event: InboundEvent): Promise<void> {
    return this.core.handle(event);
  }

  // ── Form FM 001 ──────────────────────────────────────────────────────────────────────────────

  /** The request form as a modal, prefilled from the person's record; undefined when no SOP with a form is loaded. */
  formModal(person: PersonRecord): types.ModalView | undefined {
    const definition = this.service.definitions.latestOf(this.options.requestSop);
    if (!definition?.form) return undefined;
    const locale = this.localeOf(person);
    const known: Record<string, string | null> = { 'person-name': person.name, nip: person.nip, mobile: person.mobile, email: person.email, satker: person.satker };
    const defaults = Object.fromEntries(definition.form.fields.map((field) => [field.name, known[field.type] ?? null]));
    return buildFormModal({
      definitionKey: definition.key, title: textOf(definition.title, locale), form: definition.form, locale,
      satker: this.options.config.satker, defaults, today: formatWibDate(this.service.now()),
    });
  }

  /** What to say when no SOP with a request form is loaded. */
  noSopText(person: PersonRecord | null): string {
    return chatMessages(this.localeOf(person)).noSop();
  }

  /** Checks a submitted form modal (before the ack: errors keep the modal open with what was typed). */
  checkForm(person: PersonRecord | null, metadata: string, values: ViewStateValues): CheckedSubmission<{ definitionKey: string; answers: Record<string, string> }> {
    const locale = this.localeOf(person);
    const parsed = formMetadataSchema.safeParse(safeJson(metadata));
    const definition = parsed.success ? this.service.definitions.latestOf(parsed.data.definitionKey) : undefined;
    if (!definition?.form) return { ok: false, errors: { [Object.keys(values)[0] ?? 'tanggal']: chatMessages(locale).noSop() } };
    const checked = validateForm(definition.form, readFormAnswers(values, definition.form, this.options.config.satker), locale, formatWibDate(this.service.now()), definition.reasons);
    return checked.ok ? { ok: true, value: { definitionKey: definition.key, answers: checked.answers } } : checked;
  }

  /** Files the checked form as a request and tells the requester (Slack user `userId`) in their DM. */
  async submitForm(person: PersonRecord, userId: string, definitionKey: string, answers: Record<string, string>, deliveryId: string): Promise<void> {
    const t = chatMessages(this.localeOf(person));
    const outcome = await this.service.submitRequest(definitionKey, person, answers, `slack:${deliveryId}`);
    if (outcome.status === 'duplicate') return;
    const text = outcome.status === 'accepted' ? t.submitted(outcome.instance.number) : t.formRefused(this.refusalText(outcome, person));
    await this.options.port.send(userId, { text });
  }

  // ── Decisions ────────────────────────────────────────────────────────────────────────────────

  /**
   * What a tap on a card needs: a modal (the choice wants targets, a medium or a reason, and the
   * person may act now), a decision at once, or the chat core (form and selection buttons). A tap
   * that cannot succeed is decided at once, so the service refuses it and records the attempt.
   */
  async prepareTap(person: PersonRecord, data: string, origin: DecisionOrigin): Promise<{ kind: 'modal'; view: types.ModalView } | { kind: 'decide'; metadata: DecisionMetadata } | { kind: 'core' }> {
    const action = decodeButton(data);
    if (action?.kind !== 'decide') return { kind: 'core' };
    const instance = await this.service.directory.run(action.instanceId);
    if (!instance) return { kind: 'core' };
    const definition = await this.service.definitionOf(instance);
    const step = definition.steps[action.stepIndex];
    const choice = step?.kind === 'human' ? step.choices[action.choiceIndex] : undefined;
    if (!step || !choice) return { kind: 'core' };
    const metadata: DecisionMetadata = { instanceId: instance.id, stepId: step.id, choiceId: choice.id, ...(origin.channelId ? { channel: origin.channelId } : {}) };
    const mayAct = instance.currentStep === step.id && (await this.service.mayAct(instance, person));
    const what = choice.inputs?.includes('targets') ? 'targets' : choice.inputs?.includes('medium') ? 'medium' : undefined;
    if (!mayAct || (!what && !needsReason(choice))) return { kind: 'decide', metadata };
    const locale = this.localeOf(person);
    const options = what ? this.optionsOf(what) : [];
    if (what && options.length === 0) return { kind: 'core' }; // the core says none is configured
    const reason = needsReason(choice) ? 'required' : what ? 'none' : 'optional';
    return {
      kind: 'modal',
      view: buildDecisionModal({
        locale, metadata: { ...metadata, reason, ...(what ? { what } : {}), ...(definition.reasons ? { rule: definition.reasons } : {}) }, choiceLabel: textOf(choice.label, locale),
        intro: slackMessages(locale).decisionIntro(textOf(definition.title, locale), instance.number, stepTitle(step, locale)),
        reason,
        ...(what ? { select: { what, options, ...(what === 'targets' ? { selected: instance.data.targets } : {}) } } : {}),
      }),
    };
  }

  /**
   * Checks a submitted decision modal before the ack, from its metadata and the configuration only
   * (no database): the service checks the decision itself again when it is offered.
   */
  checkDecision(person: PersonRecord | null, metadata: string, values: ViewStateValues): CheckedSubmission<{ metadata: DecisionMetadata; reason: string | undefined; inputs: Record<string, unknown> | undefined }> {
    const locale = this.localeOf(person);
    const parsed = decisionMetadataSchema.safeParse(safeJson(metadata));
    if (!parsed.success) return { ok: false, errors: { [reasonBlock]: chatMessages(locale).unknownButton() } };
    const { what, reason, rule } = parsed.data;
    const read = readDecision(values, { locale, reason, rule, select: what ? { what, options: this.optionsOf(what) } : undefined });
    return read.ok ? { ok: true, value: { metadata: parsed.data, reason: read.reason, inputs: read.inputs } } : read;
  }

  /** The registered targets or media offered in a modal, in the configuration's order. */
  private optionsOf(what: 'targets' | 'medium'): Array<{ name: string; description?: string | undefined }> {
    const { backup } = this.options.config;
    return what === 'targets' ? backup.targets.map((target) => ({ name: target.name, description: target.description })) : backup.media.map((medium) => ({ name: medium.label }));
  }

  /**
   * Offers the decision to the service. Accepted: a confirmation in the person's DM (the card
   * itself is closed by the effects). Refused: an ephemeral answer next to the card, which the
   * service has already recorded in the trail. A redelivery (same key) changes nothing.
   */
  async decide(person: PersonRecord, metadata: DecisionMetadata, reason: string | undefined, inputs: Record<string, unknown> | undefined, deliveryId: string, origin: DecisionOrigin): Promise<void> {
    const outcome = await this.service.decide({ instanceId: metadata.instanceId, stepId: metadata.stepId, choiceId: metadata.choiceId, person, reason, inputs, key: `slack:${deliveryId}` });
    if (outcome.status === 'duplicate') return;
    const locale = this.localeOf(person);
    const t = chatMessages(locale);
    if (outcome.status === 'refused') {
      const message = { text: this.refusalText(outcome, person) };
      const channel = origin.channelId ?? metadata.channel;
      return channel ? this.options.port.sendEphemeral(channel, origin.userId, message) : this.options.port.send(origin.userId, message).then(() => undefined);
    }
    const definition = await this.service.definitionOf(outcome.instance);
    const step = stepById(definition, metadata.stepId);
    const choice = step.kind === 'human' ? step.choices.find((candidate) => candidate.id === metadata.choiceId) : undefined;
    await this.options.port.send(origin.userId, { text: t.decisionAccepted(choice ? textOf(choice.label, locale) : metadata.choiceId, outcome.instance.number) });
  }

  // ── App Home ─────────────────────────────────────────────────────────────────────────────────

  /** The person's App Home: the runs waiting for their decision, and their own requests. */
  async homeView(person: PersonRecord): Promise<types.HomeView> {
    const locale = this.localeOf(person);
    const s = slackMessages(locale);
    const t = chatMessages(locale);
    const line = async (instanceId: string): Promise<string> => {
      const instance = (await this.service.directory.run(instanceId))!;
      const definition = await this.service.definitionOf(instance);
      const step = instance.currentStep ? stepById(definition, instance.currentStep) : null;
      const where = step && step.kind !== 'end' ? t.statusAt(stepTitle(step, locale), roleTitle(definition, step.role, locale)) : t.statusDone(t.outcomes[String(instance.outcome)] ?? '');
      return `• ${t.statusLine(instance.number, textOf(definition.title, locale), where)}`;
    };
    const pending = await Promise.all((await this.service.pendingFor(person)).map((instance) => line(instance.id)));
    const own = await Promise.all((await this.service.directory.runsOfRequester(person.id)).slice(0, 20).map((instance) => line(instance.id)));
    const section = (text: string): types.KnownBlock => ({ type: 'section', text: { type: 'plain_text', text: truncate(text, 3000), emoji: true } });
    return {
      type: 'home',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: truncate(s.homeTitle(), 150) } },
        section(`${s.homeCards()}\n${pending.length > 0 ? pending.join('\n') : s.homeCardsNone()}`),
        { type: 'divider' },
        section(`${s.homeRequests()}\n${own.length > 0 ? own.join('\n') : s.homeRequestsNone()}`),
        { type: 'context', elements: [{ type: 'plain_text', text: formatWibDateTime(this.service.now()) }] },
      ],
    };
  }

  /** App Home for someone not linked yet: what `SlackAccountLinking.whenUnlinked` told them. */
  unlinkedHomeView(text: string): types.HomeView {
    const s = slackMessages(this.service.locale);
    return {
      type: 'home',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: truncate(s.homeTitle(), 150) } },
        { type: 'section', text: { type: 'plain_text', text: truncate(`${s.homeUnlinked()}\n${text}`, 3000), emoji: true } },
      ],
    };
  }

  /** The chat core's sentence for a refusal; a form refused by the service lists its problems. */
  private refusalText(outcome: EventOutcome & { status: 'refused' }, person: PersonRecord): string {
    const problems = outcome.code === 'form-invalid' ? Object.values((outcome.detail?.problems ?? {}) as Record<string, string>) : [];
    return problems.length > 0 ? problems.join('\n') : this.core.refusalText(outcome, person);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
