// A chat platform for service tests: it keeps every text and document it was asked to send.
import type { ChatPort, OutboundDocument, OutboundMessage, SentMessage } from '../../src/bots/port.js';

export class RecordingPort implements ChatPort {
  readonly platform = 'console' as const;
  readonly sent: Array<{ chatId: string; text: string }> = [];
  readonly documents: Array<{ chatId: string; document: OutboundDocument }> = [];
  private next = 1;

  async send(chatId: string, message: OutboundMessage): Promise<SentMessage> {
    this.sent.push({ chatId, text: message.text });
    return { chatId, messageId: String(this.next++) };
  }

  async edit(): Promise<void> {}

  async sendDocument(chatId: string, document: OutboundDocument): Promise<SentMessage> {
    this.documents.push({ chatId, document });
    return { chatId, messageId: String(this.next++) };
  }

  /** The texts sent to `chatId` (a person's chat, the channel). */
  textsIn(chatId: string): string[] {
    return this.sent.filter((entry) => entry.chatId === chatId).map((entry) => entry.text);
  }

  /** The texts `name` received in the console's private chat, only those starting with `mark` when given. */
  to(name: string, mark = ''): string[] {
    return this.textsIn(`dm:${name}`).filter((text) => text.startsWith(mark));
  }
}
