import type { Writable } from 'node:stream';
import { decodeButton } from '../callback-data.js';
import type { Button, ChatPort, OutboundDocument, OutboundMessage, SentMessage } from '../port.js';

/** A button printed in the terminal, tapped by typing its number. */
export interface PrintedButton {
  data: string;
  messageId: string;
}

/**
 * The terminal as a chat platform. Every person's messages appear in the one terminal, headed by
 * whom they are for; buttons are numbered across the session ([1], [2] …) so typing a number taps
 * that button as whoever you are at the moment.
 */
export class ConsolePort implements ChatPort {
  readonly platform = 'console' as const;
  readonly buttons = new Map<number, PrintedButton>();
  private nextButton = 1;
  private nextMessage = 1;

  constructor(
    private readonly output: Writable,
    private readonly nameOf: (chatId: string) => Promise<string>,
    private readonly saveDocument: (document: OutboundDocument) => Promise<string>,
    /** The word that marks an edited message, in the terminal's language. */
    private readonly editedWord: string = 'diperbarui',
  ) {}

  async send(chatId: string, message: OutboundMessage): Promise<SentMessage> {
    const messageId = String(this.nextMessage++);
    await this.print(chatId, message, messageId, false);
    return { chatId, messageId };
  }

  async edit(target: SentMessage, message: OutboundMessage): Promise<void> {
    // Buttons of the old version stop working, as on Telegram when a card is edited; a decided
    // card's numbers stay known, so typing one answers "already decided by X at T".
    for (const [number, button] of this.buttons) {
      if (button.messageId === target.messageId && decodeButton(button.data)?.kind !== 'decide') this.buttons.delete(number);
    }
    await this.print(target.chatId, message, target.messageId, true);
  }

  async removeButtons(_chatId: string, messageId: string): Promise<void> {
    for (const [number, button] of this.buttons) if (button.messageId === messageId) this.buttons.delete(number);
  }

  async sendDocument(chatId: string, document: OutboundDocument): Promise<SentMessage> {
    const path = await this.saveDocument(document);
    return this.send(chatId, { text: `📎 ${document.caption ?? document.filename}\n   ${path}` });
  }

  private async print(chatId: string, message: OutboundMessage, messageId: string, edited: boolean): Promise<void> {
    const who = await this.nameOf(chatId);
    const lines = [`── ${edited ? `(${this.editedWord}) ` : ''}${who} ──`, ...message.text.split('\n')];
    for (const row of message.buttons ?? []) lines.push(`   ${row.map((button) => this.number(button, messageId)).join('   ')}`);
    this.output.write(`${lines.join('\n')}\n\n`);
  }

  private number(button: Button, messageId: string): string {
    const number = this.nextButton++;
    this.buttons.set(number, { data: button.data, messageId });
    return `[${number}] ${button.label}`;
  }
}
