import { z } from 'zod';

/**
 * The small port every chat platform implements (terminal, Telegram, Slack). The chat core speaks
 * only this; adapters translate platform updates into `InboundEvent` and render `OutboundMessage`.
 */
export type Platform = 'console' | 'telegram' | 'slack';

/** A button: its label and a short id (≤ 64 bytes, Telegram's limit) that names what it does, never state. */
export interface Button {
  label: string;
  data: string;
}

export interface OutboundMessage {
  text: string;
  /** Rows of buttons. */
  buttons?: Button[][] | undefined;
}

export interface SentMessage {
  chatId: string;
  messageId: string;
}

export interface OutboundDocument {
  filename: string;
  bytes: Uint8Array;
  caption?: string | undefined;
  /** Where the document is archived, for platforms that must announce a file too large to send. */
  archivedAt?: string | undefined;
}

export interface ChatPort {
  readonly platform: Platform;
  send(chatId: string, message: OutboundMessage): Promise<SentMessage>;
  /** Replaces a message's text and buttons (no buttons removes them). */
  edit(target: SentMessage, message: OutboundMessage): Promise<void>;
  sendDocument(chatId: string, document: OutboundDocument): Promise<SentMessage>;
  /** Takes a message's buttons away and leaves its text (an answered question). */
  removeButtons?(chatId: string, messageId: string): Promise<void>;
  /**
   * Refuses a tap (a choice not the tapper's to make, a stale button) where it happened, seen only
   * by the tapper: Slack posts an ephemeral message in the tap's channel. Platforms without it
   * answer in the event's chat (Telegram and the terminal: the private chat the tap came from).
   */
  refuseTap?(event: InboundEvent & { type: 'button' }, message: OutboundMessage): Promise<void>;
}

const platformSchema = z.enum(['console', 'telegram', 'slack']);
const common = {
  platform: platformSchema,
  /** Where to answer (a private chat or DM). */
  chatId: z.string().min(1),
  /** Who sent it, in the platform's own ids. */
  userId: z.string().min(1),
  /** Unique per delivery; a redelivered update carries the same id, which makes it harmless. */
  deliveryId: z.string().min(1),
};

/** One update from any platform, parsed with zod at the adapter boundary. */
export const inboundEventSchema = z.discriminatedUnion('type', [
  z.object({ ...common, type: z.literal('text'), text: z.string() }),
  z.object({
    ...common, type: z.literal('button'), data: z.string().min(1).max(64), messageId: z.string().optional(),
    /** The conversation the tapped message is in, when the platform tells it apart from `chatId` (Slack: a channel or the DM's id). */
    tappedIn: z.string().min(1).optional(),
  }),
]);
export type InboundEvent = z.infer<typeof inboundEventSchema>;
