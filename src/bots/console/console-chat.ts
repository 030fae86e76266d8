import { EventEmitter } from 'node:events';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { PersonRecord } from '../../service/directory.js';
import type { WorkflowService } from '../../service/workflow-service.js';
import { textOf } from '../../workflow/form-fields.js';
import { ChatCore, type ChatCoreOptions } from '../chat-core.js';
import { ChatNotifier } from '../chat-notifier.js';
import { chatMessages } from '../messages.js';
import { inboundEventSchema, type InboundEvent } from '../port.js';
import { isCadangError } from '../../errors.js';
import { ConsolePort } from './console-port.js';

export interface ConsoleChatOptions {
  service: WorkflowService;
  input: Readable;
  output: Writable;
  /** Where documents sent to the terminal are saved. */
  outbox: string;
  core: Omit<ChatCoreOptions, 'service' | 'port' | 'notifier' | 'resolvePerson' | 'extraCommand'>;
  /** Holders of these roles hear about effects that keep failing (default: administrator, Kepala PTID). */
  adminRoles?: string[] | undefined;
  log?: ((message: string, error: unknown) => void) | undefined;
}

/** The chat id of the institution's channel in the terminal. */
export const consoleChannelId = 'kanal';

/**
 * The terminal chat: reads lines from `input`, turns them into inbound events as whoever the
 * user chose to be (`/as NAME-or-NIP`), and prints every message for every person to `output`.
 * Emits `idle` after each line is fully handled, and `close` when the input ends or on /keluar.
 */
export class ConsoleChat extends EventEmitter {
  readonly core: ChatCore;
  readonly notifier: ChatNotifier;
  readonly port: ConsolePort;
  private current: PersonRecord | null = null;
  private deliveries = 0;

  constructor(private readonly options: ConsoleChatOptions) {
    super();
    const { service } = options;
    this.port = new ConsolePort(options.output, (chatId) => this.nameOf(chatId), async (document) => {
      await mkdir(options.outbox, { recursive: true });
      const path = join(options.outbox, document.filename);
      await writeFile(path, document.bytes);
      return path;
    }, service.locale === 'en' ? 'updated' : 'diperbarui');
    // In the terminal one keyboard plays everyone: a person's "chat" is their id.
    this.notifier = new ChatNotifier({
      service, port: this.port, channelId: consoleChannelId, chatIdOf: async (person) => person.id,
      adminRoles: options.adminRoles ?? ['administrator', 'kepala_ptid'],
      log: options.log ?? (() => undefined),
    });
    this.core = new ChatCore({
      ...options.core,
      service,
      port: this.port,
      notifier: this.notifier,
      resolvePerson: async (event) => service.directory.person(event.userId),
      extraCommands: ['/as', '/orang', '/keluar', '/exit'],
      extraCommand: (event, _person, command, args) => this.terminalCommand(event, command, args),
    });
  }

  /** Reads the input until it ends; each line is handled before the next is read. */
  async run(): Promise<void> {
    const t = chatMessages(this.options.service.locale);
    this.options.output.write(`${t.chooseIdentity()}\n${t.help(true)}\n\n`);
    this.emit('idle');
    const lines = createInterface({ input: this.options.input, terminal: false });
    for await (const line of lines) {
      // An empty line answers an open question ("Jawaban kosong"); before choosing a person it means nothing.
      if (line.trim() === '' && !this.current) continue;
      try {
        const closing = await this.handleLine(line.trim());
        if (closing) break;
      } catch (error) {
        // The user gets a sentence; the detail goes to the log. Nothing was committed half-way:
        // every transition is one database transaction.
        const t = chatMessages(this.current?.locale === 'en' ? 'en' : this.options.service.locale);
        this.options.output.write(`⚠️ ${isCadangError(error) ? error.message : t.internalError()}\n\n`);
        if (!isCadangError(error)) this.options.log?.('cadang console: handling a line failed', error);
      }
      this.emit('idle');
    }
    lines.close();
    this.emit('close');
  }

  private async handleLine(line: string): Promise<boolean> {
    if (line === '/keluar' || line === '/exit') return true;
    const deliveryId = `console-${process.pid}-${Date.now()}-${++this.deliveries}`;
    const userId = this.current?.id ?? 'anonim';
    // A short number taps the button printed with it; longer numbers (a NIP, a phone) are answers.
    const button = /^\d{1,4}$/.test(line) ? this.port.buttons.get(Number(line)) : undefined;
    if (button) {
      if (!this.current) return this.needIdentity();
      await this.core.handle(this.parse({ type: 'button', platform: 'console', chatId: userId, userId, deliveryId, data: button.data, messageId: button.messageId }));
      return false;
    }
    if (!this.current && !line.startsWith('/as') && !line.startsWith('/orang') && !line.startsWith('/bantuan') && !line.startsWith('/help')) return this.needIdentity();
    await this.core.handle(this.parse({ type: 'text', platform: 'console', chatId: userId, userId, deliveryId, text: line }));
    return false;
  }

  private parse(event: unknown): InboundEvent {
    return inboundEventSchema.parse(event);
  }

  private needIdentity(): false {
    this.options.output.write(`${chatMessages(this.options.service.locale).needIdentity()}\n\n`);
    return false;
  }

  /** /as and /orang exist only in the terminal, where one keyboard plays every person. */
  private async terminalCommand(event: InboundEvent, command: string, args: string): Promise<boolean> {
    const { service } = this.options;
    const t = chatMessages(this.current?.locale === 'en' ? 'en' : service.locale);
    if (command === '/as') {
      const matches = await service.directory.findPeople(args);
      const exact = matches.find((person) => person.name.toLowerCase() === args.trim().toLowerCase());
      if (matches.length === 0) this.say(t.nobodyMatches(args));
      else if (matches.length > 1 && !exact) this.say(t.whoMatches(matches.map((person) => person.name).join(', ')));
      else {
        this.current = exact ?? matches[0]!;
        this.say(t.nowActing(this.current.name, await this.rolesText(this.current)));
      }
      return true;
    }
    if (command === '/orang') {
      const people = await service.directory.listPeople();
      this.say(people.map((person) => `• ${person.name} — NIP ${person.nip}${person.roles.length ? ` — ${person.roles.map((role) => this.roleName(role)).join(', ')}` : ''}`).join('\n'));
      return true;
    }
    if (!this.current && (command === '/bantuan' || command === '/help')) {
      this.say(t.help(true));
      return true;
    }
    return event.type !== 'text';
  }

  private say(text: string): void {
    this.options.output.write(`${text}\n\n`);
  }

  private roleName(role: string): string {
    for (const definition of this.options.service.definitions.all()) {
      const known = definition.roles[role];
      if (known) return textOf(known.title, this.options.service.locale);
    }
    return role;
  }

  private async rolesText(person: PersonRecord): Promise<string> {
    return (await this.options.service.directory.rolesOf(person.id)).map((role) => this.roleName(role)).join(', ');
  }

  private async nameOf(chatId: string): Promise<string> {
    if (chatId === consoleChannelId) return this.options.service.locale === 'en' ? 'channel' : 'kanal';
    const person = await this.options.service.directory.person(chatId);
    if (!person) return chatId;
    const roles = await this.rolesText(person);
    return `${this.options.service.locale === 'en' ? 'to' : 'untuk'} ${person.name}${roles ? ` (${roles})` : ''}`;
  }
}
